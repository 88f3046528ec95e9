//! A small cache of views computed from the whole store (the dashboard's figures, the list's
//! rows with their health), valid for one store generation and one day: any committed write,
//! by this process or another, or midnight, empties it.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

/// Entries kept at most (distinct filters and searches); beyond it the cache starts afresh.
const MAX_ENTRIES: usize = 64;

type Entry = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
pub struct Cache {
    inner: Mutex<Inner>,
    /// Held while a missing value is computed, so that a burst of requests after a write
    /// computes it once (the others wait, then find it) rather than once each.
    computing: Mutex<()>,
}

#[derive(Default)]
struct Inner {
    stamp: Option<(u64, NaiveDate)>,
    map: HashMap<String, Entry>,
}

impl Cache {
    /// The value of `key` computed at `stamp`, if any.
    pub fn get<T: Send + Sync + 'static>(
        &self,
        stamp: (u64, NaiveDate),
        key: &str,
    ) -> Option<Arc<T>> {
        let inner = self.inner.lock().ok()?;
        if inner.stamp != Some(stamp) {
            return None;
        }
        inner.map.get(key)?.clone().downcast::<T>().ok()
    }

    /// The value of `key` at `stamp`, computed by `f` when missing, by one caller at a time.
    pub fn get_or<T, E>(
        &self,
        stamp: (u64, NaiveDate),
        key: String,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
    {
        if let Some(v) = self.get(stamp, &key) {
            return Ok(v);
        }
        let _one = self.computing.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = self.get(stamp, &key) {
            return Ok(v);
        }
        let v = Arc::new(f()?);
        self.put(stamp, key, v.clone());
        Ok(v)
    }

    /// Keeps `value` for `key` as computed from the data at `stamp`.
    pub fn put<T: Send + Sync + 'static>(
        &self,
        stamp: (u64, NaiveDate),
        key: String,
        value: Arc<T>,
    ) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.stamp != Some(stamp) {
            inner.stamp = Some(stamp);
            inner.map.clear();
        }
        if inner.map.len() >= MAX_ENTRIES {
            inner.map.clear();
        }
        inner.map.insert(key, value);
    }
}

/// What a value being computed by [`Cache::get_or`] may share with others computed from the
/// same data (the rows behind several pages of the list and the dashboard).
pub struct Scope<'a> {
    cache: &'a Cache,
    stamp: Option<(u64, NaiveDate)>,
}

impl<'a> Scope<'a> {
    pub fn new(cache: &'a Cache, stamp: Option<(u64, NaiveDate)>) -> Scope<'a> {
        Scope { cache, stamp }
    }

    /// The value of `key` computed by `f` from the same data, computed when missing. Called
    /// from within [`Cache::get_or`]'s computation, so already one caller at a time.
    pub fn memo<T, E>(&self, key: String, f: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
    {
        let Some(stamp) = self.stamp else {
            return Ok(Arc::new(f()?));
        };
        if let Some(v) = self.cache.get(stamp, &key) {
            return Ok(v);
        }
        let v = Arc::new(f()?);
        self.cache.put(stamp, key, v.clone());
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_stamp_forgets_everything() {
        let c = Cache::default();
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        c.put((1, d), "a".into(), Arc::new(5u32));
        assert_eq!(c.get::<u32>((1, d), "a").as_deref(), Some(&5));
        assert!(c.get::<String>((1, d), "a").is_none(), "typed");
        assert!(c.get::<u32>((2, d), "a").is_none());
        assert!(c.get::<u32>((1, d.succ_opt().unwrap()), "a").is_none());
        c.put((2, d), "b".into(), Arc::new(6u32));
        assert!(c.get::<u32>((2, d), "a").is_none());
    }

    #[test]
    fn a_burst_of_misses_computes_once() {
        let c = Arc::new(Cache::default());
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let runs = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (c, runs) = (c.clone(), runs.clone());
                std::thread::spawn(move || {
                    c.get_or((1, d), "k".into(), || {
                        runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        Ok::<_, ()>(7u32)
                    })
                    .unwrap()
                })
            })
            .collect();
        for t in threads {
            assert_eq!(*t.join().unwrap(), 7);
        }
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
