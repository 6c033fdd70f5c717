// Built with -static: `heisen run` must refuse it with a clear message.
#include <stdio.h>

int main(void) {
    puts("static_program: ran");
    return 0;
}
