// Frees a structure whose mutex is still locked. argv[1] = "unlocked" is the correct variant
// (unlock and destroy before free).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct session {
    pthread_mutex_t lock;
    int users;
};

static void close_session(struct session *s, int correct) {
    pthread_mutex_lock(&s->lock);
    s->users = 0;
    if (correct) {
        pthread_mutex_unlock(&s->lock);
        pthread_mutex_destroy(&s->lock);
    }
    free(s);  // the buggy variant frees the mutex while holding it
}

int main(int argc, char **argv) {
    struct session *s = malloc(sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    s->users = 1;
    close_session(s, argc > 1 && !strcmp(argv[1], "unlocked"));
    puts("free_held: done");
    return 0;
}
