#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run crash-lab scenarios: boot a first kernel in QEMU (TCG) with DMA
# generators running, load a capture kernel with kexec -p, panic, let the
# capture kernel save the dump onto a virtual disk, then check the dump and
# append one JSON object per scenario run to build/results/RUN_ID.jsonl.
set -eu
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<USAGE
usage: $0 [-k patched|baseline|both] [-l LIST] [-r RUN_ID] [-t SECONDS] [-c COUNT] [-n] [SCENARIO...]
  SCENARIO   a scenario file (any path), or the name of one in
             tools/testing/selftests/iommu/kdump/scenarios/ (NAME.scn)
  -l LIST    also run every scenario named in LIST (one per line, # comments)
  -k KERNEL  run on this kernel instead of the scenario's own 'kernel' key
  -r RUN_ID  results go to build/results/RUN_ID.jsonl (default: a timestamp)
  -t SECONDS QEMU time limit per scenario run (default 300)
  -c COUNT   run every scenario COUNT times on each kernel (a soak)
  -n         do not (re)build kernels or the initramfs; use what is built
Environment: LAB_QEMU=host   run on the host's QEMU (Debian 12: 7.2), not on
                             build/qemu10 (QEMU 10.0, scripts/qemu10.sh)
             LAB_TRACE       extra QEMU trace-event patterns (space separated)
                             traced next to the machine's own
             LAB_DEBUG_KERNEL=1 boot the debug-info variant of the kernels
             LAB_KEEP_TRACE=1 keep each run's QEMU trace as RUN_ID/TAG.trace.gz
                             (else only the oracle's fields are kept)
Exit status: 0 if every run passed its expectations, 1 otherwise.
USAGE
}

kernel_override= list= run_id=$(date +%Y%m%d-%H%M%S) limit=300 nobuild=0 count=1
while getopts "k:l:r:t:c:nh" opt; do
	case $opt in
	k) kernel_override=$OPTARG ;;
	l) list=$OPTARG ;;
	r) run_id=$OPTARG ;;
	t) limit=$OPTARG ;;
	c) count=$OPTARG ;;
	n) nobuild=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))

scenarios=("$@")
if [ -n "$list" ]; then
	[ -r "$list" ] || die "cannot read list $list"
	while IFS= read -r l; do
		l=${l%%#*}
		l=$(echo $l)
		[ -n "$l" ] && scenarios+=("$l")
	done < "$list"
fi
[ ${#scenarios[@]} -gt 0 ] || { usage >&2; exit 1; }

for tool in qemu-system-x86_64 qemu-system-aarch64 makedumpfile python3 cpio gzip; do
	command -v $tool >/dev/null || die "$tool missing: run scripts/deps.sh -a"
done

# QEMU 10.0 from Debian 13 (scripts/qemu10.sh) unless LAB_QEMU=host.
if [ "${LAB_QEMU:-10}" != host ]; then
	[ -x "$BUILD/qemu10/bin/qemu-system-x86_64" ] ||
		die "no QEMU 10 in $BUILD/qemu10: run scripts/deps.sh (or LAB_QEMU=host for the host's QEMU)"
	export PATH=$BUILD/qemu10/bin:$PATH
fi
qemu_version=$(qemu-system-x86_64 --version | sed -n '1s/^QEMU emulator version \([^ ]*\).*/\1/p')
# The dumps' VMCOREINFO must name the kernel the lab built.
export LAB_KERNELVERSION=$BASE_KERNELVERSION
results=$BUILD/results
mkdir -p "$results/$run_id"
jsonl=$results/$run_id.jsonl
work=
cleanup() {
	local pid
	for pid in $(jobs -p); do kill "$pid" 2>/dev/null || true; done
	[ -n "$work" ] && rm -rf "$work"
}
trap cleanup EXIT
work=$(mktemp -d "${TMPDIR:-/tmp}/kdump-iommu-lab.XXXXXX")

scenario_file() {
	case $1 in
	*/*|*.scn) [ -r "$1" ] && { echo "$1"; return; } ;;
	esac
	[ -r "$LAB/scenarios/$1.scn" ] && { echo "$LAB/scenarios/$1.scn"; return; }
	die "no scenario '$1' (a path, or a name in $LAB/scenarios)"
}

# kernel_image KERNEL ARCH: build once per run; sets $image. Not called in
# a subshell, so the cache survives between scenarios.
declare -A image_of
kernel_image() {
	local key=$1-$2
	if [ -z "${image_of[$key]:-}" ]; then
		# LAB_DEBUG_KERNEL=1: the debug-info variant (for crash).
		local dbg=${LAB_DEBUG_KERNEL:+-dbg}
		if [ $nobuild = 1 ]; then
			image_of[$key]=$BUILD/k/$key/obj$dbg/$(arch_image "$2")
		else
			image_of[$key]=$("$TOP/scripts/build-kernel.sh" -k "$1" -a "$2" \
				${LAB_DEBUG_KERNEL:+-d} | tail -n 1)
		fi
		[ -f "${image_of[$key]}" ] || die "no kernel image ${image_of[$key]}"
	fi
	image=${image_of[$key]}
}

# base_initramfs ARCH: likewise; sets $initramfs.
declare -A initramfs_of
base_initramfs() {
	if [ -z "${initramfs_of[$1]:-}" ]; then
		if [ $nobuild = 1 ]; then
			initramfs_of[$1]=$BUILD/initramfs/$1/base.cpio.gz
		else
			initramfs_of[$1]=$("$TOP/scripts/mkinitramfs.sh" -a "$1" | tail -n 1)
		fi
		[ -f "${initramfs_of[$1]}" ] || die "no initramfs for $1"
	fi
	initramfs=${initramfs_of[$1]}
}

# keep_trace: with LAB_KEEP_TRACE=1, the run's QEMU trace, compressed.
keep_trace() {
	[ "${LAB_KEEP_TRACE:-0}" = 1 ] && [ -f "$trace" ] &&
		gzip -1 -c "$trace" > "$results/$run_id/$tag.trace.gz"
	return 0
}

# run_one SCENARIO_FILE KERNEL [CYCLE]: one crash cycle; appends to $jsonl.
run_one() {
	local file=$1 kernel=$2
	local S_name S_machine S_kernel S_ohci S_edu S_capture_driver S_first_cmdline
	local S_capture_cmdline S_inject S_expect S_expect_patched S_expect_baseline S_description
	local S_timeout S_same_as_upstream S_devices S_dump_disk S_pci_reset S_nic_rate
	local M_arch M_qemu M_console M_cmdline M_faults M_init_time M_trace M_iommu
	S_name=$(basename "$file" .scn) S_machine= S_kernel=both S_ohci=normal S_edu=normal
	S_capture_driver=none S_first_cmdline= S_capture_cmdline= S_inject=none S_expect=
	S_expect_patched= S_expect_baseline= S_description= S_timeout=$limit S_same_as_upstream=
	S_devices= S_dump_disk=virtio S_pci_reset= S_nic_rate=20
	load_kv "$file" S
	[ -n "$S_machine" ] || die "$file: no machine"
	M_trace= M_iommu=
	load_kv "$LAB/machines/$S_machine.machine" M

	local image initramfs tag=$S_name-$kernel
	[ "${3:-1}" -gt 1 ] && tag=$tag-$3
	kernel_image "$kernel" "$M_arch"
	base_initramfs "$M_arch"
	local dir=$work/$tag log=$results/$run_id/$tag.log disk=$work/$tag/disk.img
	mkdir -p "$dir/extra"

	local capture_extra=
	case $S_capture_driver in
	none) ;;
	bind) capture_extra="kdump_dmagen.capture=bind" ;;
	bind-reset) capture_extra="kdump_dmagen.capture=bind lab.reset=1" ;;
	*) die "$file: capture_driver must be none, bind or bind-reset" ;;
	esac
	# Real devices with their upstream drivers, at fixed slots so that
	# the host knows their requester IDs: nvme 00:10.0, e1000e 00:11.0,
	# a disk on q35's ICH9 AHCI (00:1f.2). The dump goes to dump_disk;
	# every dump disk is translated by the IOMMU (virtio with the
	# platform IOMMU, or a real controller).
	local dev_args=() dump_dev disk_img ports= p1= p2= d
	for d in $S_devices; do
		case $d in
		nvme)	truncate -s 256M "$dir/nvme.img"
			dev_args+=(-drive "file=$dir/nvme.img,if=none,format=raw,id=nvm"
				   -device "nvme,serial=kdumplab,drive=nvm,addr=0x10") ;;
		e1000e)	read -r p1 p2 < <(python3 "$TOP/scripts/lab/pktgen.py" ports)
			dev_args+=(-netdev "dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=$p1,remote.type=inet,remote.host=127.0.0.1,remote.port=$p2"
				   -device "e1000e,netdev=n0,addr=0x11,mac=52:54:00:12:34:56")
			ports=$p1 ;;
		ahci)	[ "$M_arch" = x86_64 ] || die "$file: ahci needs a q35 machine"
			truncate -s 256M "$dir/ahci.img"
			dev_args+=(-drive "file=$dir/ahci.img,if=none,format=raw,id=ahd"
				   -device "ide-hd,drive=ahd,bus=ide.0") ;;
		*)	die "$file: devices: unknown '$d' (nvme, e1000e, ahci)" ;;
		esac
	done
	case $S_dump_disk in
	virtio)	dump_dev=/dev/vda disk_img=$disk ;;
	nvme)	dump_dev=/dev/nvme0n1 disk_img=$dir/nvme.img ;;
	ahci)	dump_dev=/dev/sda disk_img=$dir/ahci.img ;;
	*)	die "$file: dump_disk must be virtio, nvme or ahci" ;;
	esac
	case " $S_devices " in *" $S_dump_disk "*|*" virtio "*) ;; *)
		[ "$S_dump_disk" = virtio ] || die "$file: dump_disk $S_dump_disk is not in devices" ;;
	esac
	local pci_reset_bdf=
	case $S_pci_reset in
	'') ;;
	nvme) pci_reset_bdf=0000:00:10.0 ;;
	e1000e) pci_reset_bdf=0000:00:11.0 ;;
	*) die "$file: pci_reset must be nvme or e1000e" ;;
	esac
	# What the capture kernel's /init needs (it only has its command line).
	capture_extra="$capture_extra lab.dump=$dump_dev"
	[ -n "$S_devices" ] && capture_extra="$capture_extra lab.devices=$(echo $S_devices | tr ' ' ,)"
	[ -n "$pci_reset_bdf" ] && capture_extra="$capture_extra lab.pcireset=$pci_reset_bdf"
	local inject=$S_inject
	[ "$inject" = none ] && inject=
	cp "$image" "$dir/extra/kernel"
	cp "$initramfs" "$dir/extra/initrd.img"
	cat > "$dir/extra/lab.conf" <<CONF
LAB_CONSOLE='$M_console'
LAB_CMDLINE='$M_cmdline'
LAB_CAPTURE_CMDLINE='$S_capture_cmdline $capture_extra'
LAB_INJECT='$inject'
LAB_DEVICES='$S_devices'
CONF
	(cd "$dir/extra" && find . | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$dir/extra.cpio.gz"
	cat "$initramfs" "$dir/extra.cpio.gz" > "$dir/initrd"
	truncate -s 256M "$disk"

	local append="console=$M_console crashkernel=256M panic=1 $M_cmdline"
	append="$append kdump_dmagen.ohci=$S_ohci kdump_dmagen.edu=$S_edu $S_first_cmdline"
	say "--- $tag ($S_machine)"
	# QEMU's own record of what the IOMMU did (the oracle's input): the
	# machine's trace events plus LAB_TRACE, one -trace option each.
	local trace_args=() trace=$dir/qemu.trace ev
	local dev_trace=
	case " $S_devices " in *" nvme "*) dev_trace="pci_nvme_mmio_stopped pci_nvme_pci_reset" ;; esac
	case " $S_devices " in *" e1000e "*) dev_trace="$dev_trace e1000e_core_ctrl_sw_reset e1000e_cb_qdev_reset_hold" ;; esac
	case " $S_devices " in *" ahci "*) dev_trace="$dev_trace ahci_reset" ;; esac
	for ev in $M_trace $dev_trace ${LAB_TRACE:-}; do
		trace_args+=(-trace "enable=$ev,file=$trace")
	done
	local start=$SECONDS rc=0
	# A bounded packet stream for the e1000e (it stops by itself).
	local pktgen=
	if [ -n "$ports" ]; then
		python3 "$TOP/scripts/lab/pktgen.py" send --port "$ports" \
			--rate "$S_nic_rate" --seconds "$S_timeout" &
		pktgen=$!
	fi
	# shellcheck disable=SC2086 # the machine's qemu line is a word list
	timeout -k 10 "$S_timeout" $M_qemu -msg timestamp=on "${trace_args[@]}" -display none -monitor none -serial stdio -no-reboot \
		-kernel "$image" -initrd "$dir/initrd" -append "$append" \
		-device pci-ohci -device edu \
		-drive file="$disk",if=none,format=raw,id=dump \
		-device virtio-blk-pci,drive=dump,iommu_platform=on,disable-legacy=on \
		"${dev_args[@]}" \
		< /dev/null 2>&1 | python3 "$TOP/scripts/lab/labresult.py" stamp > "$log" || rc=$?
	if [ -n "$pktgen" ]; then
		kill "$pktgen" 2>/dev/null || true
		wait "$pktgen" 2>/dev/null || true
	fi
	python3 "$TOP/scripts/lab/labresult.py" parse \
		--log "$log" --disk "$disk_img" --scenario-file "$file" --scenario "$S_name" \
		--machine "$S_machine" --arch "$M_arch" --kernel "$kernel" \
		--capture-cmdline "$S_capture_cmdline" --capture-driver "$S_capture_driver" \
		--ohci "$S_ohci" --edu "$S_edu" --inject "$S_inject" \
		--faults "$M_faults" --init-time "$M_init_time" \
		--expect "$S_expect" --expect-kernel "$( [ "$kernel" = patched ] && echo "$S_expect_patched" || echo "$S_expect_baseline")" \
		--run-id "$run_id" --qemu-rc "$rc" --seconds $((SECONDS - start)) \
		--trace "$trace" --iommu "$M_iommu" --qemu-version "$qemu_version" \
		--same-as-upstream "$S_same_as_upstream" --devices "$S_devices" \
		--dump-out "$results/$run_id/$tag.dump" >> "$jsonl" || { keep_trace; return 1; }
	keep_trace
	rm -rf "$dir"
}

fails=0 runs=0
for s in "${scenarios[@]}"; do
	f=$(scenario_file "$s")
	k=$kernel_override
	if [ -z "$k" ]; then
		k=$(sed -n 's/^[[:space:]]*kernel[[:space:]]*=[[:space:]]*\([a-z]*\).*/\1/p' "$f")
		k=${k:-both}
	fi
	case $k in
	both) kernels="baseline patched" ;;
	patched|baseline) kernels=$k ;;
	*) die "$f: kernel must be patched, baseline or both" ;;
	esac
	for ((c = 1; c <= count; c++)); do
		for k1 in $kernels; do
			runs=$((runs + 1))
			run_one "$f" "$k1" "$c" || fails=$((fails + 1))
		done
	done
done
say "results: $jsonl ($runs runs, $fails failed; logs in $results/$run_id/)"
say "lab: $((runs - fails)) passed, $fails failed"
[ $fails = 0 ]
