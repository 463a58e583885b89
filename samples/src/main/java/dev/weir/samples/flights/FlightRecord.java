package dev.weir.samples.flights;

import dev.weir.dsl.EventType;

/**
 * One flight, from {@code flights.csv}.
 *
 * @param flightId the flight's number in the file
 * @param date the day it flew
 * @param carrier the carrier's code
 * @param origin the origin airport
 * @param destination the destination airport
 * @param delayMinutes arrival delay in minutes (negative: early)
 */
@EventType(name = "flight.record", version = 1)
public record FlightRecord(long flightId, String date, String carrier, String origin, String destination,
    int delayMinutes) {}
