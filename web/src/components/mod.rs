pub mod connection;
pub mod diagnostics;
pub mod editor;
pub mod explanation;
pub mod timeline;
