//! A small cache of views computed from the whole store (the dashboard's figures, the list's
//! rows with their health), valid for one store generation and one day: any committed write,
//! by this process or another, or midnight, makes its values stale.
//!
//! A stale value is recomputed by one request at a time. While that runs, other requests for
//! the same view get the stale value if it is at most [`MAX_STALE`] old (from the same day),
//! rather than queueing behind the computation: under a stream of writes (month's end) the
//! dashboard lags the data by about one computation instead of every reader waiting for
//! one. With no computation running, a request always gets a value of the current data, so a
//! user who saves and then looks sees the change.

//!
//! The other caches of the tracker are here too: [`freshness`] (read-your-writes under the
//! view lag, and sessions held in memory for that lag) and [`Reports`] (what never goes
//! stale); the pages rendered once per view are kept with their views (`views::page_shared`).

pub mod freshness;

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

/// Entries kept at most (distinct filters and searches); beyond it the cache starts afresh.
const MAX_ENTRIES: usize = 64;

/// How old a stale value may be and still be served while it is being recomputed.
pub const MAX_STALE: Duration = Duration::from_secs(2);

type Entry = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
pub struct Cache {
    inner: Mutex<Inner>,
    /// Held while a missing value is computed, so that a burst of requests after a write
    /// computes it once (the others wait, then find it, or take the stale value) rather than
    /// once each.
    computing: Mutex<()>,
}

#[derive(Default)]
struct Inner {
    stamp: Option<(u64, NaiveDate)>,
    map: HashMap<String, Entry>,
    /// The last value of each view computed by `get_or`, with its stamp and when its
    /// computation started.
    last: HashMap<String, (u64, NaiveDate, Instant, Entry)>,
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
        let arrived = Instant::now();
        let _one = match self.computing.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                if let Some(v) = self.stale(stamp, &key, None) {
                    return Ok(v);
                }
                self.computing.lock().unwrap_or_else(|e| e.into_inner())
            }
        };
        if let Some(v) = self.get(stamp, &key) {
            return Ok(v);
        }
        // Computed from data read after this request came: as fresh as computing it again
        // (under a stream of writes the stamp has moved on meanwhile; waiting for yet another
        // computation would only queue the requests behind each other).
        if let Some(v) = self.stale(stamp, &key, Some(arrived)) {
            return Ok(v);
        }
        let started = Instant::now();
        let v = Arc::new(f()?);
        self.put(stamp, key.clone(), v.clone());
        if let Ok(mut inner) = self.inner.lock() {
            if inner.last.len() >= MAX_ENTRIES && !inner.last.contains_key(&key) {
                inner.last.clear();
            }
            let entry: Entry = v.clone();
            inner.last.insert(key, (stamp.0, stamp.1, started, entry));
        }
        Ok(v)
    }

    /// The last value of `key` if its computation started on `day`, at most `lag` ago, and
    /// not before `wrote_at` (the asker's last write): what a request may be served without
    /// asking the store anything, under a view lag.
    pub fn recent<T: Send + Sync + 'static>(
        &self,
        key: &str,
        lag: Duration,
        wrote_at: Option<Instant>,
        day: NaiveDate,
    ) -> Option<Arc<T>> {
        let inner = self.inner.lock().ok()?;
        let (_, d, started, v) = inner.last.get(key)?;
        if *d != day || started.elapsed() > lag || wrote_at.is_some_and(|w| w > *started) {
            return None;
        }
        v.clone().downcast::<T>().ok()
    }

    /// Notes that the last value of `key`, if computed at `stamp`, is still the value of the
    /// data as read at `asked` (the store's generation, read then, had not moved): under a
    /// view lag, [`Cache::recent`] may serve it for another lag from then, rather than every
    /// request going to the store once the lag has passed since its computation.
    pub fn confirm(&self, stamp: (u64, NaiveDate), key: &str, asked: Instant) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if let Some((generation, day, started, _)) = inner.last.get_mut(key) {
            if (*generation, *day) == stamp && *started < asked {
                *started = asked;
            }
        }
    }

    /// The last value of `key` if it is from the same day and its computation started at
    /// most [`MAX_STALE`] ago, or (`since`) not before that instant.
    fn stale<T: Send + Sync + 'static>(
        &self,
        stamp: (u64, NaiveDate),
        key: &str,
        since: Option<Instant>,
    ) -> Option<Arc<T>> {
        let inner = self.inner.lock().ok()?;
        let (_, day, started, v) = inner.last.get(key)?;
        let recent = match since {
            Some(t) => *started >= t,
            None => started.elapsed() <= MAX_STALE,
        };
        if *day != stamp.1 || !recent {
            return None;
        }
        v.clone().downcast::<T>().ok()
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

/// Imported reports by id, read from the store once. Reports are immutable once imported, so
/// nothing ever makes an entry stale; at most [`MAX_ENTRIES`] are kept.
#[derive(Default)]
pub struct Reports {
    map: Mutex<HashMap<i64, Arc<crate::store::Report>>>,
}

impl Reports {
    /// The report `id`, from memory or from the store.
    pub fn get(
        &self,
        store: &dyn crate::store::Store,
        id: i64,
    ) -> Result<Arc<crate::store::Report>, crate::store::StoreError> {
        if let Some(r) = self.map.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(r);
        }
        let r = Arc::new(store.report(id)?);
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= MAX_ENTRIES {
                m.clear();
            }
            m.insert(id, r.clone());
        }
        Ok(r)
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

    #[test]
    fn a_value_confirmed_current_is_recent_again() {
        let c = Cache::default();
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let lag = Duration::from_millis(500);
        c.get_or((1, d), "k".into(), || Ok::<_, ()>(1u32)).unwrap();
        std::thread::sleep(Duration::from_millis(600));
        assert!(
            c.recent::<u32>("k", lag, None, d).is_none(),
            "older than the lag"
        );
        // The generation read now is another: nothing is confirmed.
        c.confirm((2, d), "k", Instant::now());
        assert!(c.recent::<u32>("k", lag, None, d).is_none());
        // The same generation: the value is the data's as of now.
        let asked = Instant::now();
        c.confirm((1, d), "k", asked);
        assert_eq!(c.recent::<u32>("k", lag, None, d).as_deref(), Some(&1));
        // Not to someone who wrote after the generation was read.
        assert!(c.recent::<u32>("k", lag, Some(Instant::now()), d).is_none());
        // Never moved back.
        c.confirm((1, d), "k", asked - Duration::from_secs(1));
        assert!(c.recent::<u32>("k", lag, None, d).is_some());
    }

    #[test]
    fn while_one_recomputes_the_others_get_the_recent_stale_value() {
        let c = Arc::new(Cache::default());
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let ok = |v: u32| move || Ok::<_, ()>(v);
        assert_eq!(*c.get_or((1, d), "k".into(), ok(1)).unwrap(), 1);
        // Nobody computing: a new stamp is computed, never served stale.
        assert_eq!(*c.get_or((2, d), "k".into(), ok(2)).unwrap(), 2);
        // Someone computing stamp 3: another caller gets 2 at once, not a wait.
        let (tx, rx) = std::sync::mpsc::channel();
        let slow = {
            let c = c.clone();
            std::thread::spawn(move || {
                *c.get_or((3, d), "k".into(), || {
                    tx.send(()).unwrap();
                    std::thread::sleep(Duration::from_millis(300));
                    Ok::<_, ()>(3u32)
                })
                .unwrap()
            })
        };
        rx.recv().unwrap();
        let t = Instant::now();
        assert_eq!(*c.get_or((3, d), "k".into(), ok(99)).unwrap(), 2);
        assert!(t.elapsed() < Duration::from_millis(250));
        // A key never computed has nothing stale: it waits for the computation and then
        // computes its own.
        assert_eq!(*c.get_or((3, d), "other".into(), ok(7)).unwrap(), 7);
        assert_eq!(slow.join().unwrap(), 3);
        assert_eq!(*c.get_or((3, d), "k".into(), ok(99)).unwrap(), 3);
        // Under a lag: served as long as it is recent and the asker has not written since.
        let before = Instant::now();
        assert_eq!(
            c.recent::<u32>("k", Duration::from_secs(5), None, d)
                .as_deref(),
            Some(&3)
        );
        assert!(c
            .recent::<u32>("k", Duration::from_secs(5), Some(Instant::now()), d)
            .is_none());
        assert!(c
            .recent::<u32>(
                "k",
                Duration::from_secs(5),
                Some(before - Duration::from_secs(1)),
                d
            )
            .is_some());
        assert!(c.recent::<u32>("k", Duration::ZERO, None, d).is_none());
        assert!(c
            .recent::<u32>("k", Duration::from_secs(5), None, d.succ_opt().unwrap())
            .is_none());
        // Another day: nothing stale is served.
        let next = d.succ_opt().unwrap();
        assert_eq!(*c.get_or((3, next), "k".into(), ok(4)).unwrap(), 4);
    }
}
