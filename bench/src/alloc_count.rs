//! An allocator that counts, per thread, the allocations made on that thread: what a benchmark
//! run on one thread allocates, whatever other threads (a server in the same process) do.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

/// The allocations made on this thread so far (with [`Counting`] as the global allocator).
pub fn current() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// Wraps an allocator, counting each allocation (and reallocation) of the calling thread.
#[derive(Debug)]
pub struct Counting<A>(pub A);

// SAFETY: every call is passed to the wrapped allocator unchanged; counting touches only a
// thread-local integer, which neither allocates nor unwinds.
#[allow(unsafe_code)]
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which is the wrapped one's.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        // SAFETY: as for `alloc`.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        // SAFETY: as for `alloc`.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}
