int f(int *p) { asm goto("btl $0, %0\n\tjc %l[hit]" :: "m"(*p) : "cc" : hit); return 0; hit: return 1; }
#if 0
asm("dead" : :);
#endif
const char *s = R"x(asm("no"))x"; char c = '\';
