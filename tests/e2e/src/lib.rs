//! The end-to-end test lives in `tests/full_stack.rs`; this crate has no library code.
