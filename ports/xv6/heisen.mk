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
HEISEN_CXX ?= $(TOOLPREFIX)g++

HEISEN_ENGINE_OBJS := $(patsubst $(HEISEN_DIR)/engine/core/%.cpp,$(HEISEN_OUT)/%.o,$(wildcard $(HEISEN_DIR)/engine/core/*.cpp))
HEISEN_KIT_OBJS := $(HEISEN_OUT)/riscv_port.o $(HEISEN_OUT)/heisen_xv6.o
OBJS += $(HEISEN_KIT_OBJS) $(HEISEN_ENGINE_OBJS)

HEISEN_FLAGS = -O2 -ffreestanding -nostdlib -fno-common -fno-strict-aliasing -fno-omit-frame-pointer \
  -fno-stack-protector -fno-pie -MD -mcmodel=medany -mno-relax \
  $(filter -march=% -mabi=% -g% -D% -U%,$(CFLAGS)) \
  -I$(HEISEN_DIR) -I$(HEISEN_DIR)/engine -I$(HEISEN_DIR)/engine/include
HEISEN_CFLAGS = $(HEISEN_FLAGS) -std=gnu11 -Wall -Wno-sign-compare -I$K $(filter -I%,$(CFLAGS))
HEISEN_CXXFLAGS = $(HEISEN_FLAGS) -std=c++17 -fno-exceptions -fno-rtti -fno-threadsafe-statics \
  -fno-asynchronous-unwind-tables

$(HEISEN_ENGINE_OBJS): $(HEISEN_OUT)/%.o: $(HEISEN_DIR)/engine/core/%.cpp
	@mkdir -p $(HEISEN_OUT)
	$(HEISEN_CXX) $(HEISEN_CXXFLAGS) -c -o $@ $<

$(HEISEN_OUT)/riscv_port.o: $(HEISEN_DIR)/engine/ports/riscv/riscv_port.c
	@mkdir -p $(HEISEN_OUT)
	$(CC) $(HEISEN_CFLAGS) -c -o $@ $<

$(HEISEN_OUT)/heisen_xv6.o: $(HEISEN_DIR)/heisen_xv6.c
	@mkdir -p $(HEISEN_OUT)
	$(CC) $(HEISEN_CFLAGS) -c -o $@ $<

-include $(HEISEN_OUT)/*.d

clean: heisen-clean
.PHONY: heisen-clean
heisen-clean:
	rm -rf $(HEISEN_OUT)

.DEFAULT_GOAL := $(HEISEN_SAVED_GOAL)
