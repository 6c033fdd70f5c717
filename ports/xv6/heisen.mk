# heisen.mk — heisen's lock validator in an xv6 kernel's build.
#
# `heisen port xv6` copies the kit to kernel/heisen/ and includes this file from the Makefile
# with one line, right after the OBJS list; `heisen port xv6 --undo` removes both.
#
# The kit compiles with flags of its own, not the tree's CFLAGS: freestanding (the compiler's own
# stdint.h; Debian's riscv64-unknown-elf-gcc ships no C library), -O2 (it runs on every lock
# operation), plus the tree's machine flags, its -D/-I flags (struct layouts such as LAB_LOCK's
# lock statistics must match the tree's) and its debug info (so GDB sees the engine's tables).

# The tree's default goal stays its own (the first rule after this file, usually $K/kernel).
HEISEN_SAVED_GOAL := $(.DEFAULT_GOAL)

HEISEN_DIR := $K/heisen
HEISEN_OUT := $(HEISEN_DIR)/build
# Written by `heisen port xv6`: the heisen that ported the tree writes the symbol table.
-include $(HEISEN_DIR)/tool.mk
HEISEN_TOOL ?= heisen
HEISEN_CXX ?= $(TOOLPREFIX)g++

HEISEN_ENGINE_OBJS := $(patsubst $(HEISEN_DIR)/engine/core/%.cpp,$(HEISEN_OUT)/%.o,$(wildcard $(HEISEN_DIR)/engine/core/*.cpp))
HEISEN_KIT_OBJS := $(HEISEN_OUT)/riscv_port.o $(HEISEN_OUT)/heisen_xv6.o $(HEISEN_OUT)/heisen_xv6_symbols.o
HEISEN_SYMBOLS_OBJ := $(HEISEN_OUT)/symbols.o
OBJS += $(HEISEN_KIT_OBJS) $(HEISEN_ENGINE_OBJS) $(HEISEN_SYMBOLS_OBJ)

# The engine's own flag lists (HEISEN_ENGINE_LANGUAGE_FLAGS, HEISEN_ENGINE_FREESTANDING_FLAGS), the
# ones heisen's own builds of the engine use, plus what an xv6 kernel build needs.
include $(HEISEN_DIR)/engine/core/engine_flags.mk
HEISEN_FLAGS = -O2 $(HEISEN_ENGINE_FREESTANDING_FLAGS) -fno-strict-aliasing -fno-pie -MD -mcmodel=medany -mno-relax \
  $(filter -march=% -mabi=% -g% -D% -U%,$(CFLAGS)) \
  -I$(HEISEN_DIR) -I$(HEISEN_DIR)/engine -I$(HEISEN_DIR)/engine/include
HEISEN_CFLAGS = $(HEISEN_FLAGS) -std=gnu11 -Wall -Wno-sign-compare -I$K $(filter -I%,$(CFLAGS))
HEISEN_CXXFLAGS = $(HEISEN_FLAGS) $(HEISEN_ENGINE_LANGUAGE_FLAGS) -fno-asynchronous-unwind-tables

$(HEISEN_ENGINE_OBJS): $(HEISEN_OUT)/%.o: $(HEISEN_DIR)/engine/core/%.cpp
	@mkdir -p $(HEISEN_OUT)
	$(HEISEN_CXX) $(HEISEN_CXXFLAGS) -c -o $@ $<

$(HEISEN_OUT)/riscv_port.o: $(HEISEN_DIR)/engine/ports/riscv/riscv_port.c
	@mkdir -p $(HEISEN_OUT)
	$(CC) $(HEISEN_CFLAGS) -c -o $@ $<

$(HEISEN_OUT)/heisen_xv6.o $(HEISEN_OUT)/heisen_xv6_symbols.o: $(HEISEN_OUT)/%.o: $(HEISEN_DIR)/%.c
	@mkdir -p $(HEISEN_OUT)
	$(CC) $(HEISEN_CFLAGS) -c -o $@ $<

# The symbol and line table, linked in a second step as Linux's kallsyms is: link the kernel
# with an empty table, write the table for that image, link with it (only data after the table
# moves), write it again for that image. The table's size depends only on which functions,
# lines and locks there are, so the tree's own link of $K/kernel with the second table lays the
# image out exactly as the second pass did; the kernel checks that at boot before using it.
# Each pass links the objects in the tree's own order (lab Makefiles add objects to OBJS after this
# file's line), with that pass's table where the final one will be.
HEISEN_LINK = $(LD) $(LDFLAGS) -T $K/kernel.ld
HEISEN_OBJS_WITH = $(patsubst $(HEISEN_SYMBOLS_OBJ),$(1),$(OBJS)) $(OBJS_KCSAN)
.SECONDEXPANSION:
$(HEISEN_SYMBOLS_OBJ): $$(filter-out $(HEISEN_SYMBOLS_OBJ),$$(OBJS)) $$(OBJS_KCSAN) $K/kernel.ld
	@mkdir -p $(HEISEN_OUT)
	$(HEISEN_TOOL) port xv6 --symbol-table - $(HEISEN_OUT)/symbols-empty.S
	$(CC) $(HEISEN_CFLAGS) -c -o $(HEISEN_OUT)/symbols-empty.o $(HEISEN_OUT)/symbols-empty.S
	$(HEISEN_LINK) -o $(HEISEN_OUT)/kernel-pass1 $(call HEISEN_OBJS_WITH,$(HEISEN_OUT)/symbols-empty.o)
	$(HEISEN_TOOL) port xv6 --symbol-table $(HEISEN_OUT)/kernel-pass1 $(HEISEN_OUT)/symbols-pass1.S
	$(CC) $(HEISEN_CFLAGS) -c -o $(HEISEN_OUT)/symbols-pass1.o $(HEISEN_OUT)/symbols-pass1.S
	$(HEISEN_LINK) -o $(HEISEN_OUT)/kernel-pass2 $(call HEISEN_OBJS_WITH,$(HEISEN_OUT)/symbols-pass1.o)
	$(HEISEN_TOOL) port xv6 --symbol-table $(HEISEN_OUT)/kernel-pass2 $(HEISEN_OUT)/symbols.S
	$(CC) $(HEISEN_CFLAGS) -c -o $@ $(HEISEN_OUT)/symbols.S

-include $(HEISEN_OUT)/*.d

clean: heisen-clean
.PHONY: heisen-clean
heisen-clean:
	rm -rf $(HEISEN_OUT)

.DEFAULT_GOAL := $(HEISEN_SAVED_GOAL)
