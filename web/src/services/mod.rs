pub mod http;
pub mod send;
