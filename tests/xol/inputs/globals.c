/* globals.c — ordinary C for the compiler matrix: data reached RIP-relative (or, without PIC,
 * by absolute address), calls, branches, and a leaf that touches no global. */
int counter;
static int hidden[16];

int leaf(int a, int b) { return a * b + 3; }

int bump(int by) {
    counter += by;
    return counter;
}

int *where(void) { return &counter; }

__attribute__((noinline)) int pick(int i) {
    if (i > 3) return hidden[i & 15];
    return leaf(i, i) + bump(i);
}

int main(void) { return pick(2) + (where() != 0); }
