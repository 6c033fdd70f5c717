void f(void) { asm("nop" : : "r"(x); }
/* unterminated
