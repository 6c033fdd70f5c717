// Two buckets' mutexes come from one init site (make_bucket) and are nested. As instances they
// are two locks (no report); with --classes=site they are one class taken twice, which lockdep
// calls possible recursive locking (a nesting annotation would be needed).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct bucket {
    pthread_mutex_t lock;
    int items;
};

static struct bucket *make_bucket(void) {
    struct bucket *b = calloc(1, sizeof *b);
    pthread_mutex_init(&b->lock, NULL);
    return b;
}

static void move_item(struct bucket *from, struct bucket *to) {
    pthread_mutex_lock(&from->lock);
    pthread_mutex_lock(&to->lock);
    --from->items;
    ++to->items;
    pthread_mutex_unlock(&to->lock);
    pthread_mutex_unlock(&from->lock);
}

int main(void) {
    struct bucket *left = make_bucket(), *right = make_bucket();
    left->items = 1;
    move_item(left, right);
    printf("same_site: %d %d\n", left->items, right->items);
    return 0;
}
