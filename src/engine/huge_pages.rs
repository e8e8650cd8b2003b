//! A global allocator that asks Linux for transparent huge pages (2 MiB)
//! for large blocks: a large simulation reads its agents' records, their
//! calendars and the event queue at random, and with 4 KiB pages nearly
//! every such read also misses the address-translation cache (TLB) and
//! walks the page table. Small blocks go to the system allocator unchanged.
//!
//! It changes where memory comes from, never what is computed: outputs stay
//! byte-identical. Outside Linux the large blocks are only aligned; where
//! the kernel does not honour the hint (`transparent_hugepage` set to
//! `never`) they keep 4 KiB pages. Measured: README "Performance", stop 48.

use std::alloc::{GlobalAlloc, Layout, System};

/// A huge page, bytes (x86-64 and aarch64 with 4 KiB base pages).
const HUGE_PAGE: usize = 2 << 20;

/// Blocks of at least this many bytes are aligned on a huge page and advised
/// (`madvise(MADV_HUGEPAGE)`): 8 huge pages, so that the rounding wastes
/// little and the many small blocks are left alone. A setting of speed, not
/// of the model.
const THRESHOLD: usize = 8 * HUGE_PAGE;

/// The system allocator, with huge pages for blocks of [`THRESHOLD`] bytes or more.
pub struct HugePageAlloc;

/// The layout a block of `layout` is given: a large one aligned on a huge page.
fn placed(layout: Layout) -> Layout {
    if layout.size() >= THRESHOLD {
        // A power of two no smaller than the asked alignment: always valid.
        Layout::from_size_align(layout.size(), layout.align().max(HUGE_PAGE)).unwrap_or(layout)
    } else {
        layout
    }
}

/// Asks the kernel to back `[p, p + size)` with huge pages (a hint: a refusal changes nothing).
fn advise(p: *mut u8, size: usize) {
    #[cfg(target_os = "linux")]
    if !p.is_null() && size >= THRESHOLD {
        // SAFETY: `p` starts a live block of `size` bytes, aligned on a huge
        // page (so on a base page); madvise only sets how it is backed.
        unsafe {
            libc::madvise(p.cast(), size, libc::MADV_HUGEPAGE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (p, size);
}

// SAFETY: every block is allocated and freed by `System` with the same
// layout (`placed` of the caller's layout, which depends on its size only).
unsafe impl GlobalAlloc for HugePageAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(placed(layout)) };
        advise(p, layout.size());
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(placed(layout)) };
        advise(p, layout.size());
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, placed(layout)) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.size() < THRESHOLD && new_size < THRESHOLD {
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // Crossing or above the threshold: a new block, the contents copied.
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return std::ptr::null_mut() };
        let p = unsafe { self.alloc(new_layout) };
        if !p.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large block keeps its contents through growth and shrinking, and a
    /// zeroed one reads zero (the allocator only adds a hint to `System`).
    #[test]
    fn large_blocks_keep_their_contents() {
        let a = HugePageAlloc;
        let n = THRESHOLD + 12_345;
        let layout = Layout::from_size_align(n, 8).unwrap();
        unsafe {
            let p = a.alloc(layout);
            assert!(!p.is_null());
            for i in (0..n).step_by(4093) {
                *p.add(i) = (i % 251) as u8;
            }
            let q = a.realloc(p, layout, 3 * n);
            assert!(!q.is_null());
            assert!((0..n).step_by(4093).all(|i| *q.add(i) == (i % 251) as u8));
            let r = a.realloc(q, Layout::from_size_align(3 * n, 8).unwrap(), 1000);
            assert!((0..1000).step_by(4093).all(|i| *r.add(i) == (i % 251) as u8));
            a.dealloc(r, Layout::from_size_align(1000, 8).unwrap());
            let z = a.alloc_zeroed(layout);
            assert!((0..n).step_by(4093).all(|i| *z.add(i) == 0));
            a.dealloc(z, layout);
        }
    }

    /// A large block is aligned on a huge page and its mapping is marked for
    /// huge pages (`hg` among the `VmFlags` of /proc/self/smaps); a small one
    /// keeps the layout asked.
    #[test]
    fn large_blocks_are_advised_for_huge_pages() {
        // 16 MiB, as documented (docs/architecture.md), and 2 MiB pages.
        let small = Layout::from_size_align((16 << 20) - 1, 8).unwrap();
        assert_eq!(placed(small), small);
        let large = Layout::from_size_align(16 << 20, 8).unwrap();
        assert_eq!(placed(large).align(), 2 << 20);
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage").exists() {
            return; // not Linux, or a kernel without transparent huge pages
        }
        let a = HugePageAlloc;
        unsafe {
            let p = a.alloc(large);
            assert_eq!(p as usize % (2 << 20), 0);
            let flags = vm_flags_of(p as usize).expect("the block's mapping in /proc/self/smaps");
            a.dealloc(p, large);
            assert!(flags.split_whitespace().any(|f| f == "hg"), "VmFlags: {flags}");
        }
    }

    /// The `VmFlags` line of the mapping of /proc/self/smaps that holds `addr`.
    fn vm_flags_of(addr: usize) -> Option<String> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ').filter(|(r, _)| r.contains('-') && !r.ends_with(':')) {
                let (lo, hi) = range.split_once('-')?;
                let (lo, hi) = (usize::from_str_radix(lo, 16).ok()?, usize::from_str_radix(hi, 16).ok()?);
                inside = (lo..hi).contains(&addr);
            } else if inside {
                if let Some(flags) = line.strip_prefix("VmFlags:") {
                    return Some(flags.to_string());
                }
            }
        }
        None
    }

    /// A small block is the system allocator's, unchanged.
    #[test]
    fn small_blocks_are_the_systems() {
        let a = HugePageAlloc;
        let layout = Layout::from_size_align(64, 64).unwrap();
        unsafe {
            let p = a.alloc(layout);
            assert_eq!(p as usize % 64, 0);
            *p = 7;
            let q = a.realloc(p, layout, 128);
            assert_eq!(*q, 7);
            a.dealloc(q, Layout::from_size_align(128, 64).unwrap());
        }
    }
}
