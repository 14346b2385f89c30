//! Recycling of object memory: the blocks the collector frees are kept on free lists
//! by size and handed out again to the next allocations of that size.
//!
//! Lua programs free objects in bursts (a sweep frees thousands at once) and allocate
//! them back one by one; the system allocator's per-thread cache holds only a few
//! blocks per size, so most of those frees and allocations took its slow paths. Here a
//! free pushes the block on a singly linked list threaded through the freed blocks
//! themselves, and an allocation of the same size class pops it.
//!
//! Coroutines get the same treatment at a coarser grain: a collected coroutine's
//! stack and frame vectors are kept whole and handed to the next coroutine created.
//!
//! Invariants: a block on a free list belongs to no object; it was obtained from the
//! global allocator with [`class_layout`] of its class, and is returned with that same
//! layout (by [`BlockPool::trim`] or when the pool is dropped). Sizes above
//! [`MAX_POOLED`] bytes, or alignments above [`GRANULE`], bypass the pool. The memory
//! on the free lists is not counted as the heap's `bytes`: it holds no objects. The
//! heap trims the lists at the end of each cycle, so they never keep more than about
//! what the live data needs to be allocated again.

use crate::thread::SpareStack;
use std::alloc::Layout;
use std::ptr::NonNull;

/// Size classes are multiples of this many bytes (and blocks are aligned to it).
const GRANULE: usize = 16;
/// Number of size classes: blocks of 16, 32, ..., `MAX_POOLED` bytes.
const CLASSES: usize = 20;
/// The largest block size kept on a free list.
const MAX_POOLED: usize = GRANULE * CLASSES;

/// A free block's first word: the next free block of its class.
struct FreeBlock {
    next: Option<NonNull<FreeBlock>>,
}

/// Free lists of recycled blocks, one per size class, and the buffers of collected
/// coroutines.
pub(crate) struct BlockPool {
    free: [Option<NonNull<FreeBlock>>; CLASSES],
    /// Bytes on all free lists and in `spare_stacks` together.
    pooled_bytes: usize,
    spare_stacks: Vec<SpareStack>,
}

/// The size class serving `layout`, if the pool serves it.
#[inline(always)]
fn class_of(layout: Layout) -> Option<usize> {
    if layout.size() == 0 || layout.size() > MAX_POOLED || layout.align() > GRANULE {
        return None;
    }
    Some((layout.size() - 1) / GRANULE)
}

/// The layout every block of `class` is allocated and freed with.
#[inline(always)]
fn class_layout(class: usize) -> Layout {
    // A multiple of a power of two no larger than `MAX_POOLED`: always a valid layout.
    match Layout::from_size_align((class + 1) * GRANULE, GRANULE) {
        Ok(layout) => layout,
        Err(_) => unreachable!("size classes are valid layouts"),
    }
}

impl BlockPool {
    pub(crate) const fn new() -> BlockPool {
        BlockPool { free: [None; CLASSES], pooled_bytes: 0, spare_stacks: Vec::new() }
    }

    /// Memory for one value of `layout`: a recycled block when its class has one.
    /// Aborts through [`std::alloc::handle_alloc_error`] if the system has none left,
    /// as `Box::new` does.
    #[inline]
    pub(crate) fn alloc(&mut self, layout: Layout) -> NonNull<u8> {
        let Some(class) = class_of(layout) else {
            return system_alloc(layout);
        };
        match self.free[class] {
            Some(block) => {
                // SAFETY: blocks on a free list are allocated, unused, and start with the
                // `FreeBlock` link written when they were pushed.
                self.free[class] = unsafe { block.as_ref() }.next;
                self.pooled_bytes -= class_layout(class).size();
                block.cast()
            }
            None => system_alloc(class_layout(class)),
        }
    }

    /// Takes back a block obtained from [`BlockPool::alloc`] with the same `layout`.
    ///
    /// # Safety
    /// `ptr` came from `self.alloc(layout)`, is not used again by its owner, and is
    /// released once.
    #[inline]
    pub(crate) unsafe fn free(&mut self, ptr: NonNull<u8>, layout: Layout) {
        let Some(class) = class_of(layout) else {
            // SAFETY: the caller's contract: allocated by `system_alloc(layout)`.
            unsafe { std::alloc::dealloc(ptr.as_ptr(), layout) };
            return;
        };
        let block = ptr.cast::<FreeBlock>();
        // SAFETY: the block is at least `GRANULE` bytes, aligned to `GRANULE`, and no
        // longer used by anyone, so its first word can hold the link.
        unsafe { block.as_ptr().write(FreeBlock { next: self.free[class] }) };
        self.free[class] = Some(block);
        self.pooled_bytes += class_layout(class).size();
    }

    /// Keeps the buffers of a collected coroutine for the next one.
    pub(crate) fn keep_spare_stack(&mut self, spare: SpareStack) {
        self.pooled_bytes += spare.bytes();
        self.spare_stacks.push(spare);
    }

    /// The buffers of a collected coroutine, if one was kept.
    #[inline]
    pub(crate) fn take_spare_stack(&mut self) -> Option<SpareStack> {
        let spare = self.spare_stacks.pop()?;
        self.pooled_bytes -= spare.bytes();
        Some(spare)
    }

    /// Returns memory to the system allocator until at most `keep` bytes stay pooled.
    pub(crate) fn trim(&mut self, keep: usize) {
        while self.pooled_bytes > keep {
            let Some(spare) = self.spare_stacks.pop() else { break };
            self.pooled_bytes -= spare.bytes();
        }
        if self.spare_stacks.is_empty() {
            self.spare_stacks = Vec::new();
        }
        for class in (0..CLASSES).rev() {
            let layout = class_layout(class);
            while self.pooled_bytes > keep {
                let Some(block) = self.free[class] else { break };
                // SAFETY: a pooled block is allocated and unused; its link is intact.
                self.free[class] = unsafe { block.as_ref() }.next;
                self.pooled_bytes -= layout.size();
                // SAFETY: pooled blocks of `class` were allocated with `class_layout`.
                unsafe { std::alloc::dealloc(block.as_ptr().cast(), layout) };
            }
        }
    }
}

impl Drop for BlockPool {
    fn drop(&mut self) {
        self.trim(0);
    }
}

fn system_alloc(layout: Layout) -> NonNull<u8> {
    // SAFETY: `layout` has a non-zero size (every pooled class does, and the heap
    // never allocates zero-sized boxes: each has a header).
    let ptr = unsafe { std::alloc::alloc(layout) };
    match NonNull::new(ptr) {
        Some(ptr) => ptr,
        None => std::alloc::handle_alloc_error(layout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_freed_block_is_handed_out_again_for_the_same_class() {
        let mut pool = BlockPool::new();
        let layout = Layout::from_size_align(40, 8).unwrap();
        let first = pool.alloc(layout);
        // SAFETY: allocated above with this layout, released once.
        unsafe { pool.free(first, layout) };
        assert_eq!(pool.pooled_bytes, 48);
        let same_class = Layout::from_size_align(33, 8).unwrap();
        assert_eq!(pool.alloc(same_class), first);
        assert_eq!(pool.pooled_bytes, 0);
        // SAFETY: as above.
        unsafe { pool.free(first, same_class) };
    }

    #[test]
    fn trim_keeps_at_most_the_given_bytes() {
        let mut pool = BlockPool::new();
        let layout = Layout::from_size_align(64, 8).unwrap();
        let blocks: Vec<_> = (0..10).map(|_| pool.alloc(layout)).collect();
        for block in blocks {
            // SAFETY: each was allocated above with this layout and is released once.
            unsafe { pool.free(block, layout) };
        }
        assert_eq!(pool.pooled_bytes, 640);
        pool.trim(200);
        assert!(pool.pooled_bytes <= 200);
        assert_eq!(pool.pooled_bytes % 64, 0);
    }

    #[test]
    fn large_blocks_bypass_the_pool() {
        let mut pool = BlockPool::new();
        let layout = Layout::from_size_align(MAX_POOLED + 1, 8).unwrap();
        let block = pool.alloc(layout);
        // SAFETY: allocated above with this layout, released once.
        unsafe { pool.free(block, layout) };
        assert_eq!(pool.pooled_bytes, 0);
    }
}
