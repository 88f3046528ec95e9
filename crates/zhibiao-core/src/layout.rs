//! stage stub
