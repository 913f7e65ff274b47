package io.jbake.go;

import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Go's {@code sort.Slice}: pattern-defeating quicksort, which is not stable. Where buildx sorts with it
 * and elements compare equal (lint warnings on the same line), the order it leaves them in is what
 * buildx prints, so jbake sorts the same way: the same insertion sort below 13 elements (stable), the
 * same pivots, partitions, pattern breaking (with Go's fixed xorshift seed) and heapsort fallback above.
 */
public final class GoSort {
    private static final int MAX_INSERTION = 12;

    private GoSort() {}

    /** Sorts {@code list} in place by {@code less}, leaving equal elements where Go's sort.Slice would. */
    public static <T> void slice(List<T> list, BiPredicate<T, T> less) {
        new Run<>(list, less).pdqsort(0, list.size(), bitLength(list.size()));
    }

    private static int bitLength(long n) {
        return 64 - Long.numberOfLeadingZeros(n);
    }

    private static final class Run<T> {
        private final List<T> data;
        private final BiPredicate<T, T> lessThan;

        Run(List<T> data, BiPredicate<T, T> lessThan) {
            this.data = data;
            this.lessThan = lessThan;
        }

        private boolean less(int i, int j) {
            return lessThan.test(data.get(i), data.get(j));
        }

        private void swap(int i, int j) {
            Collections.swap(data, i, j);
        }

        /** Sorts [a, b); {@code limit} bad pivots are allowed before heapsort takes over. */
        void pdqsort(int a, int b, int limit) {
            boolean wasBalanced = true;
            boolean wasPartitioned = true;
            while (true) {
                int length = b - a;
                if (length <= MAX_INSERTION) {
                    insertionSort(a, b);
                    return;
                }
                if (limit == 0) {
                    heapSort(a, b);
                    return;
                }
                if (!wasBalanced) {
                    breakPatterns(a, b);
                    limit--;
                }
                int[] choice = choosePivot(a, b);
                int pivot = choice[0];
                int hint = choice[1];
                if (hint == DECREASING) {
                    reverse(a, b);
                    pivot = (b - 1) - (pivot - a);
                    hint = INCREASING;
                }
                if (wasBalanced && wasPartitioned && hint == INCREASING && partialInsertionSort(a, b)) {
                    return;
                }
                if (a > 0 && !less(a - 1, pivot)) {
                    a = partitionEqual(a, b, pivot);
                    continue;
                }
                int mid = partition(a, b, pivot);
                wasPartitioned = alreadyPartitioned;
                int left = mid - a;
                int right = b - mid;
                int threshold = length / 8;
                if (left < right) {
                    wasBalanced = left >= threshold;
                    pdqsort(a, mid, limit);
                    a = mid + 1;
                } else {
                    wasBalanced = right >= threshold;
                    pdqsort(mid + 1, b, limit);
                    b = mid;
                }
            }
        }

        private void insertionSort(int a, int b) {
            for (int i = a + 1; i < b; i++) {
                for (int j = i; j > a && less(j, j - 1); j--) {
                    swap(j, j - 1);
                }
            }
        }

        private void heapSort(int a, int b) {
            int n = b - a;
            for (int i = (n - 1) / 2; i >= 0; i--) {
                siftDown(i, n, a);
            }
            for (int i = n - 1; i >= 0; i--) {
                swap(a, a + i);
                siftDown(0, i, a);
            }
        }

        private void siftDown(int root, int hi, int first) {
            while (true) {
                int child = 2 * root + 1;
                if (child >= hi) {
                    return;
                }
                if (child + 1 < hi && less(first + child, first + child + 1)) {
                    child++;
                }
                if (!less(first + root, first + child)) {
                    return;
                }
                swap(first + root, first + child);
                root = child;
            }
        }

        /** Set by {@link #partition}: whether [a, b) needed no swap. */
        private boolean alreadyPartitioned;

        /** Puts the elements less than the pivot before it and the others after; returns its new index. */
        private int partition(int a, int b, int pivot) {
            swap(a, pivot);
            int i = a + 1;
            int j = b - 1;
            while (i <= j && less(i, a)) {
                i++;
            }
            while (i <= j && !less(j, a)) {
                j--;
            }
            if (i > j) {
                swap(j, a);
                alreadyPartitioned = true;
                return j;
            }
            swap(i, j);
            i++;
            j--;
            while (true) {
                while (i <= j && less(i, a)) {
                    i++;
                }
                while (i <= j && !less(j, a)) {
                    j--;
                }
                if (i > j) {
                    break;
                }
                swap(i, j);
                i++;
                j--;
            }
            swap(j, a);
            alreadyPartitioned = false;
            return j;
        }

        /** For [a, b) holding nothing less than the pivot: the elements equal to it first; returns where the rest start. */
        private int partitionEqual(int a, int b, int pivot) {
            swap(a, pivot);
            int i = a + 1;
            int j = b - 1;
            while (true) {
                while (i <= j && !less(a, i)) {
                    i++;
                }
                while (i <= j && less(a, j)) {
                    j--;
                }
                if (i > j) {
                    return i;
                }
                swap(i, j);
                i++;
                j--;
            }
        }

        /** Fixes a few out-of-order neighbours; whether [a, b) is then sorted. */
        private boolean partialInsertionSort(int a, int b) {
            final int maxSteps = 5;
            final int shortestShifting = 50;
            int i = a + 1;
            for (int step = 0; step < maxSteps; step++) {
                while (i < b && !less(i, i - 1)) {
                    i++;
                }
                if (i == b) {
                    return true;
                }
                if (b - a < shortestShifting) {
                    return false;
                }
                swap(i, i - 1);
                if (i - a >= 2) {
                    for (int j = i - 1; j >= 1; j--) {
                        if (!less(j, j - 1)) {
                            break;
                        }
                        swap(j, j - 1);
                    }
                }
                if (b - i >= 2) {
                    for (int j = i + 1; j < b; j++) {
                        if (!less(j, j - 1)) {
                            break;
                        }
                        swap(j, j - 1);
                    }
                }
            }
            return false;
        }

        private void breakPatterns(int a, int b) {
            int length = b - a;
            if (length < 8) {
                return;
            }
            long random = length; // Go's xorshift, seeded with the length
            long modulus = 1L << bitLength(length);
            for (int idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1; idx++) {
                random ^= random << 13;
                random ^= random >>> 7;
                random ^= random << 17;
                int other = (int) (random & (modulus - 1));
                if (other >= length) {
                    other -= length;
                }
                swap(idx, a + other);
            }
        }

        private static final int UNKNOWN = 0;
        private static final int INCREASING = 1;
        private static final int DECREASING = 2;

        /** The pivot's index and what the samples suggest of the order ({@link #INCREASING}, ...). */
        private int[] choosePivot(int a, int b) {
            final int shortestNinther = 50;
            final int maxSwaps = 4 * 3;
            int l = b - a;
            int[] swaps = {0};
            int i = a + l / 4;
            int j = a + l / 4 * 2;
            int k = a + l / 4 * 3;
            if (l >= 8) {
                if (l >= shortestNinther) {
                    i = median(i - 1, i, i + 1, swaps);
                    j = median(j - 1, j, j + 1, swaps);
                    k = median(k - 1, k, k + 1, swaps);
                }
                j = median(i, j, k, swaps);
            }
            int hint = swaps[0] == 0 ? INCREASING : swaps[0] == maxSwaps ? DECREASING : UNKNOWN;
            return new int[] {j, hint};
        }

        private int median(int a, int b, int c, int[] swaps) {
            if (less(b, a)) {
                swaps[0]++;
                int t = a;
                a = b;
                b = t;
            }
            if (less(c, b)) {
                swaps[0]++;
                int t = b;
                b = c;
                c = t;
            }
            if (less(b, a)) {
                swaps[0]++;
                b = a;
            }
            return b;
        }

        private void reverse(int a, int b) {
            for (int i = a, j = b - 1; i < j; i++, j--) {
                swap(i, j);
            }
        }
    }
}
