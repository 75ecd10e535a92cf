package io.fanload.bench.model;

import java.util.Arrays;

/**
 * A binary min-heap of (time, id) pairs in two primitive arrays: the model pushes and pops one
 * event per simulated operation group, millions per curve, so boxing each event in a
 * {@code PriorityQueue} would cost more than the simulation itself.
 */
final class EventHeap {

    private double[] times;
    private int[] ids;
    private int size;

    EventHeap(int capacity) {
        times = new double[Math.max(1, capacity)];
        ids = new int[times.length];
    }

    int size() {
        return size;
    }

    void push(double time, int id) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (times[parent] <= time) {
                break;
            }
            times[i] = times[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        times[i] = time;
        ids[i] = id;
    }

    double peekTime() {
        return times[0];
    }

    /** Removes the earliest event and returns its id (ties: any order). */
    int pop() {
        int top = ids[0];
        double time = times[--size];
        int id = ids[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && times[child + 1] < times[child]) {
                child++;
            }
            if (times[child] >= time) {
                break;
            }
            times[i] = times[child];
            ids[i] = ids[child];
            i = child;
        }
        times[i] = time;
        ids[i] = id;
        return top;
    }
}
