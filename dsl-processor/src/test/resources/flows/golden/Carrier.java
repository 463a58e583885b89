package flows.golden;

public record Carrier(String code, String name) {}
