pub mod use_clock;
pub mod use_send;
