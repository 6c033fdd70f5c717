#define SAVE "push %%rbx\n"
void f(unsigned long long *v) { __asm__ __volatile__(SAVE "cmpxchg8b %0\n pop %%rbx" : "+m"(*v) : "a"(1), "d"(0), "b"(2), "c"(3) : "cc"); }
