package com.example.quantities;

/** One parsed line: a product and how many of it. */
public record Item(String name, int quantity) {}
