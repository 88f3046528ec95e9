//! HTTP tests against a real tracker on a random port (127.0.0.1:0) with a temporary SQLite
//! file. One test binary; one module per concern.

mod attacks;
mod flows;
mod harness;
mod inputs;
mod matrix;
mod office;
mod standings;
mod ui;
