//! Memory for large simulations: the system allocator, with large blocks
//! backed by 2 MiB pages where Linux allows it.
//!
//! A national run keeps gigabytes of records (68 million patients, the
//! calendars of 52,846 GPs, the pending events) and reads them in no order a
//! cache can follow: with 4 KiB pages nearly every such read also misses the
//! translation cache (TLB) and walks the page tables. Linux's transparent huge
//! pages map 2 MiB at a time, 512 times fewer translations, but many systems
//! (Debian's default, this project's CI) give them only to memory a program
//! asks for with `madvise(MADV_HUGEPAGE)`. [`LargePageHint`] is the system
//! allocator plus that request for every block of at least
//! [`LARGE_BLOCK_BYTES`]; smaller blocks are left alone. It changes where
//! memory sits, never what the simulation computes: outputs are byte-identical
//! with and without it (README, "Speed"). On other systems, or when the kernel
//! refuses, it is the system allocator.

use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks from this size (bytes) on are asked to be backed by huge pages:
/// a few such pages, so that a block's unused tail wastes at most a small
/// share of it.
pub const LARGE_BLOCK_BYTES: usize = 8 << 20;

/// The system allocator, asking Linux to back large blocks with transparent
/// huge pages (see the module documentation). Installed as the binary's
/// global allocator in `main.rs`.
pub struct LargePageHint;

/// Asks the kernel to back `[ptr, ptr + size)` with huge pages. A hint only:
/// a refusal (no THP support, `never` mode) changes nothing.
#[inline]
fn advise(ptr: *mut u8, size: usize) {
    #[cfg(target_os = "linux")]
    if size >= LARGE_BLOCK_BYTES && !ptr.is_null() {
        const PAGE: usize = 4096;
        let start = (ptr as usize).next_multiple_of(PAGE);
        let end = (ptr as usize + size) & !(PAGE - 1);
        if end > start {
            // SAFETY: the range lies inside a block the allocator has just
            // handed out (page-aligned inward); MADV_HUGEPAGE only changes
            // how the kernel backs it, never its contents or its validity.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (ptr, size);
}

// SAFETY: every call is forwarded to `System` with the same arguments; the
// hint above neither frees, moves nor writes any memory.
unsafe impl GlobalAlloc for LargePageHint {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        advise(p, layout.size());
        p
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        advise(p, layout.size());
        p
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        advise(p, new_size);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_and_small_blocks_keep_their_contents() {
        let a = LargePageHint;
        for size in [16, LARGE_BLOCK_BYTES + 123] {
            let layout = Layout::from_size_align(size, 8).unwrap();
            unsafe {
                let p = a.alloc_zeroed(layout);
                assert!(!p.is_null());
                assert!((0..size).step_by(4093).all(|i| *p.add(i) == 0));
                *p.add(size - 1) = 7;
                let q = a.realloc(p, layout, 2 * size);
                assert_eq!(*q.add(size - 1), 7);
                a.dealloc(q, Layout::from_size_align(2 * size, 8).unwrap());
            }
        }
    }
}
