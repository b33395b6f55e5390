#ifndef KALYNA_HEAP_H
#define KALYNA_HEAP_H

/// Caps how many heaps (arenas) glibc's malloc keeps; returns 1 on success.
/// Swift does not see <malloc.h>, hence this one-line wrapper.
int kalyna_limit_heaps(int count);

#endif
