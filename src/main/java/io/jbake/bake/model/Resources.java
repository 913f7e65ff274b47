package io.jbake.bake.model;

import io.jbake.go.GoJson;

/**
 * The {@code resources} attribute: cgroup limits for each build step. Every field is optional
 * ({@code null} when unset); merging is field by field.
 */
public record Resources(
        String memory,
        String memorySwap,
        Long cpuShares,
        Long cpuPeriod,
        Long cpuQuota,
        String cpusetCpus,
        String cpusetMems)
        implements GoJson.JsonWritable {

    static final Resources EMPTY = new Resources(null, null, null, null, null, null, null);

    /** {@code other}'s set fields over this one's. */
    public Resources merge(Resources other) {
        return new Resources(
                pick(other.memory, memory),
                pick(other.memorySwap, memorySwap),
                pick(other.cpuShares, cpuShares),
                pick(other.cpuPeriod, cpuPeriod),
                pick(other.cpuQuota, cpuQuota),
                pick(other.cpusetCpus, cpusetCpus),
                pick(other.cpusetMems, cpusetMems));
    }

    private static <T> T pick(T over, T under) {
        return over != null ? over : under;
    }

    /** A copy with one field set from its {@code --set resources.<field>=<value>} text. */
    public Resources with(String field, String value) {
        return switch (field) {
            case "memory" -> new Resources(value, memorySwap, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems);
            case "memory-swap" -> new Resources(memory, value, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems);
            case "cpu-shares" ->
                new Resources(memory, memorySwap, int64(field, value), cpuPeriod, cpuQuota, cpusetCpus, cpusetMems);
            case "cpu-period" ->
                new Resources(memory, memorySwap, cpuShares, int64(field, value), cpuQuota, cpusetCpus, cpusetMems);
            case "cpu-quota" ->
                new Resources(memory, memorySwap, cpuShares, cpuPeriod, int64(field, value), cpusetCpus, cpusetMems);
            case "cpuset-cpus" -> new Resources(memory, memorySwap, cpuShares, cpuPeriod, cpuQuota, value, cpusetMems);
            case "cpuset-mems" -> new Resources(memory, memorySwap, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, value);
            default -> throw new BakeException("unknown resources key " + field);
        };
    }

    private static Long int64(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BakeException("invalid value " + value + " for int64 key resources." + field);
        }
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    @Override
    public void writeJson(GoJson json) {
        json.beginObject();
        field(json, "memory", memory);
        field(json, "memory-swap", memorySwap);
        field(json, "cpu-shares", cpuShares);
        field(json, "cpu-period", cpuPeriod);
        field(json, "cpu-quota", cpuQuota);
        field(json, "cpuset-cpus", cpusetCpus);
        field(json, "cpuset-mems", cpusetMems);
        json.endObject();
    }

    private static void field(GoJson json, String name, Object value) {
        if (value != null) {
            json.field(name, value);
        }
    }
}
