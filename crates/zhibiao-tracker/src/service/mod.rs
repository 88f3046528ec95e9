//! What the tracker does, apart from how it is asked: the HTML handlers and the JSON API call
//! the same functions here, and neither calls the other.

pub mod assign;
pub mod export;
pub mod import;
pub mod office;
pub mod select;
pub mod standings;
pub mod updates;
