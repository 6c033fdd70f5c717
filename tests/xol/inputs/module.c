/* module.c — a relocatable object shaped like a kernel module: calls to functions defined
 * elsewhere, data in its own sections, a function calling another in the same object. */
extern int printk(const char *fmt, ...);
extern int shared_total;

static int module_counter = 7;
static const char message[] = "count %d\n";

__attribute__((noinline)) int module_add(int v) {
    module_counter += v;               /* line 10: RIP-relative to .data */
    return module_counter;
}

int module_init(void) {
    shared_total += module_add(1);     /* line 15: a call inside, data outside the object */
    return printk(message, module_counter);   /* line 16: a call outside the object */
}
