#include <malloc.h>
#include "heap.h"

int kalyna_limit_heaps(int count) {
    return mallopt(M_ARENA_MAX, count);
}
