# Read module directories' Kbuild files the way Linux's kbuild does, and
# answer with what they ask to build. The top-level Makefile runs this in a
# make of its own, so nothing in a Kbuild file (or in an out-of-tree
# Makefile's own rules) can clash with the top-level Makefile's rules:
#
#   make -s -f tools/kbuild.mk KBUILD_DIRS="modules/hello tests/extmod"
#
# For each directory D, D/Kbuild is read, or else D/Makefile. As in Linux,
# KERNELRELEASE is set while reading, so the usual out-of-tree Makefile
#
#	ifneq ($(KERNELRELEASE),)
#	obj-m := hello.o
#	else
#	default:
#		$(MAKE) -C $(KDIR) M=$(PWD)
#	endif
#
# takes its first branch; src and obj name D. What is read:
#   obj-m += a.o b.o		modules a and b
#   a-objs := x.o y.o		a built from several objects (also a-y, a-m)
#   ccflags-y += -DDEBUG	extra compiler flags for D's modules
#				(EXTRA_CFLAGS, the old name, too)
# Any rule the file defines is read but never run.
#
# The answer is make text, one assignment per line, each line ended by @@
# (the top-level Makefile reads it through $(shell), which joins lines):
#   KBUILD_MODS += a
#   a.dir := D
#   a.objs := x.o y.o
#   a.ccflags := -DDEBUG

KERNELRELEASE := $(shell sed -n 's/.*define[ \t]*MODLAB_VERSION[ \t]*"\(.*\)".*/\1/p' \
	include/modlab/version.h)

kbuild_file = $(firstword $(wildcard $(1)/Kbuild) $(wildcard $(1)/Makefile))

# $(call kbuild_emit,DIR,MODULE)
kbuild_emit = $(if $(filter $(2),$(KBUILD_SEEN)),$(error module $(2) is named twice \
	(second time in $(call kbuild_file,$(1)))))$(eval KBUILD_SEEN += $(2))$(strip \
	)$(info KBUILD_MODS += $(2)@@)$(strip \
	)$(info $(2).dir := $(1)@@)$(strip \
	)$(info $(2).objs := $(or $(strip $($(2)-objs) $($(2)-y) $($(2)-m)),$(2).o)@@)$(strip \
	)$(info $(2).ccflags := $(strip $(ccflags-y) $(EXTRA_CFLAGS))@@)

# $(call kbuild_check,DIR,ENTRY): obj-m entries are objects; Linux would
# also descend into "dir/" entries, which modlab does not.
kbuild_check = $(if $(filter %/,$(2)),$(error $(call kbuild_file,$(1)): obj-m += $(2): \
	subdirectories are not supported; give each module directory its own Kbuild))$(strip \
	)$(if $(filter %.o,$(2)),,$(error $(call kbuild_file,$(1)): obj-m += $(2): \
	expected NAME.o))

define kbuild_read
obj-m :=
ccflags-y :=
EXTRA_CFLAGS :=
src := $(1)
obj := $(1)
$$(if $$(call kbuild_file,$(1)),,$$(error $(1): no Kbuild or Makefile there))
include $$(call kbuild_file,$(1))
$$(foreach o,$$(obj-m),$$(call kbuild_check,$(1),$$(o))$$(call kbuild_emit,$(1),$$(o:.o=)))
endef

$(foreach d,$(KBUILD_DIRS),$(eval $(call kbuild_read,$(d))))

# Whatever targets the files defined, do nothing more.
.DEFAULT_GOAL := kbuild_read_done
.PHONY: kbuild_read_done
kbuild_read_done:
	@:
