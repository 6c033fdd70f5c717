// Takes cache_lock then index_lock, then calls a dlopen'd plugin that takes them the other way.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    pthread_mutex_lock(&cache_lock);
    pthread_mutex_lock(&index_lock);
    pthread_mutex_unlock(&index_lock);
    pthread_mutex_unlock(&cache_lock);
    void *plugin = dlopen(argv[1], RTLD_NOW);
    if (!plugin) {
        fprintf(stderr, "dlopen_host: %s\n", dlerror());
        return 3;
    }
    void (*flush)(pthread_mutex_t *, pthread_mutex_t *) =
        (void (*)(pthread_mutex_t *, pthread_mutex_t *))dlsym(plugin, "plugin_flush");
    flush(&cache_lock, &index_lock);
    puts("dlopen_host: done");
    return 0;
}
