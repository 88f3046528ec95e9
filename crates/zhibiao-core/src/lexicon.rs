//! The word lists of the stages as data: [`BUILTIN`] (`data/lexicon.toml`) is written as Rust
//! at build time (`build.rs`), into `'static` slices that the stages scan as they did their
//! constants, with nothing to read at run time. [`parse`] reads a file of the same format (the
//! test checks it reads the built-in one as the build did). Reviewed like the indicator
//! registry: a list changed there changes facts.

/// The built-in lexicon, embedded at build time.
pub const BUILTIN: &str = include_str!("../data/lexicon.toml");

/// A list of words, in the order the lexicon gives them.
pub type Words = &'static [&'static str];

/// A list of pairs of words (a word and the one it stands for), in the lexicon's order.
pub type Pairs = &'static [(&'static str, &'static str)];

fn leak(v: Vec<String>) -> Words {
    Box::leak(
        v.into_iter()
            .map(|s| &*Box::leak(s.into_boxed_str()))
            .collect::<Vec<&'static str>>()
            .into_boxed_slice(),
    )
}

fn leak_pairs(v: Vec<(String, String)>) -> Pairs {
    let leak_str = |s: String| &*Box::leak(s.into_boxed_str());
    Box::leak(
        v.into_iter()
            .map(|(a, b)| (leak_str(a), leak_str(b)))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}

/// Declares the sections of the lexicon and their lists, each once: from them come the public
/// structs ([`Lexicon`], [`Subject`] …), the file's serde structs (in `raw`, which deny unknown
/// fields), [`parse`], and `word_lists`, which names every word list (the test checks each).
/// A section lists its word lists, then, after `;`, its lists of pairs.
macro_rules! lexicon {
    ($(
        $(#[$doc:meta])*
        $section:ident: $Name:ident {
            $($(#[$wdoc:meta])* $word:ident),* $(,)?
            $(; $($(#[$pdoc:meta])* $pair:ident),* $(,)?)?
        }
    )*) => {
        /// The file as serde reads it, before its strings are leaked.
        mod raw {
            $(
                #[derive(serde::Deserialize)]
                #[serde(deny_unknown_fields)]
                pub(super) struct $Name {
                    $(pub(super) $word: Vec<String>,)*
                    $($(pub(super) $pair: Vec<(String, String)>,)*)?
                }
            )*

            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub(super) struct Lexicon {
                $(pub(super) $section: $Name,)*
            }
        }

        $(
            $(#[$doc])*
            pub struct $Name {
                $($(#[$wdoc])* pub $word: Words,)*
                $($($(#[$pdoc])* pub $pair: Pairs,)*)?
            }

            impl From<raw::$Name> for $Name {
                fn from(r: raw::$Name) -> $Name {
                    $Name {
                        $($word: leak(r.$word),)*
                        $($($pair: leak_pairs(r.$pair),)*)?
                    }
                }
            }

            impl $Name {
                /// Every word list of the section (not the lists of pairs), named as in the file.
                pub fn word_lists(&self) -> Vec<(&'static str, Words)> {
                    vec![$((stringify!($word), self.$word)),*]
                }
            }
        )*

        /// Every list of the lexicon.
        pub struct Lexicon {
            $(pub $section: $Name,)*
        }

        impl Lexicon {
            /// Every word list of every section, named `section.list`.
            pub fn word_lists(&self) -> Vec<(String, Words)> {
                let mut all = Vec::new();
                $(
                    for (name, words) in self.$section.word_lists() {
                        all.push((format!("{}.{name}", stringify!($section)), words));
                    }
                )*
                all
            }
        }

        /// Reads a lexicon file (the built-in one's format); the cause names the line when it
        /// does not parse. Its strings are leaked: a lexicon is read once per process.
        pub fn parse(text: &str) -> Result<Lexicon, String> {
            let raw: raw::Lexicon = toml::from_str(text).map_err(|e| e.to_string())?;
            Ok(Lexicon {
                $($section: raw.$section.into(),)*
            })
        }
    };
}

lexicon! {
    /// The lists of the `subject` stage.
    subject: Subject {
        lead, trail, generic, owners, fared, done_alone, manner_alone, circumstances,
        circumstance_nouns, works, shared_heads, shared_sales, shared_rates, shared_scopes,
        owned_measures, predicates, predicate_adverbs, states, state_adverbs, count_verbs,
        part_measures, topic_openers, topic_ends, purpose_openers, verbs_alone, not_modifying,
        issue, generic_ends, measure_kinds, rank_scopes, rank_verbs, change_only, example_verbs,
        named, cuts_after,
    }
    /// The lists of the `span` stage.
    span: Span {
        reach, held, amount, stock, in_names, gaps, put_to, handled_rates, totals, change_ends,
        average_growth, compared, steps_counted, placed, evaluations, places_bare, not_placed,
        steps, absolute_changes, under_way, plans,
    }
    /// The lists of the `quantity` stage.
    quantity: Quantity {
        units, chinese_counters, scopes, abstracts, structure, people, people_of, travel,
        time_changed, days_reached, enter, people_before, reach_people, hold, per, sets, matter,
        big_deeds, league_verbs, league_verbs_field, build_one, rank_cues, rankings, placed, marks,
        tenths_next, met, policy_names, rank_changes, against_last_year, item_nouns, firm_nouns,
        place_nouns, steps, money_nouns, closing_bounds;
        /// Units written out (微克每立方米, in `units` too) and the unit each is reported as.
        unit_aliases,
    }
    /// The lists of the `header` stage.
    header: Header {
        suffixes, parent_suffixes, not_a_stem, not_in_name, heads, municipalities, counties, towns,
        peoples, city_parents, clip_ends,
    }
    /// The lists of the `qualifier` stage.
    qualifier: Qualifier {
        fall, not_cuts, change, stretch, crossing, leading_falls, leading_rises, at_least, averages,
        rank_falls, rank_words, growth_targets, targets_set,
    }
    /// The lists of the cues read in a quantity's segment (`extract::cues`).
    cues: Cues {
        measure_ends, changed, capacity, to_build, governing_openers, per_month, average_verbs,
        population_class, milestones, bounds_after, clause_verbs,
    }
    /// The lists of the `compare` stage.
    compare: Compare {
        deed_openings, deed_endings, region_suffixes, works_started, works_finished, key_openings,
        subject_scopes,
    }
    /// The lists of the `layout` stage.
    layout: Layout { furniture, part_words }
    /// The lists of the `indicator` stage.
    indicator: Indicator { prefixes, suffixes }
    /// The lists of the `extract` stage outside its cues (lists, subjects).
    extract: Extract {
        list_did, list_verbs, measures, relational, carried_out, glossary_openings, reached_before,
        adjusted_to, rank_after,
    }
    /// The lists of the period of a quantity (`extract::period`).
    period: Period {
        span_words, changes_after_span, plan_times, five_years, reference_before, gaps,
    }
    /// The lists of the `document` stage (its parts and their openings).
    document: Document {
        five_years, five_words, last_year_opens, last_year_next, this_year_opens, last_year_words,
        closing_year, looking_back, drafted_on, plan_papers, year_plan_heading, year_review_heading,
        review_heading, plan_heading, speaker_titles, years_ahead, greetings, plan_year_sure,
        plan_year_words,
    }
    /// The lists of the `tasks` stage (the kinds of the plan's sentences, its parts).
    tasks: Tasks {
        main_targets, period_heads, resolve, review_titles, plan_titles, review_of_year,
        address_openers, period_is, year_is, times_ask, reach_targets, explain_targets,
        these_targets, steady_progress, requirements, doing_well, this_years_work, guiding_thought,
        what_follows, resolve_openers, glossary, annexes, plans, month_ends, deadlines,
    }
}

/// The built-in lexicon, as the build script wrote it from [`BUILTIN`].
static BUILT: Lexicon = include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

/// The built-in lexicon.
pub fn get() -> &'static Lexicon {
    &BUILT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lexicon_parses_with_no_empty_list_or_word() {
        let l = parse(BUILTIN).expect("parses");
        let lists = l.word_lists();
        assert!(lists.len() > 30);
        // The build script read the file as serde does: the same lists, the same words.
        assert_eq!(lists, get().word_lists());
        assert_eq!(l.quantity.unit_aliases, get().quantity.unit_aliases);
        for (name, words) in lists {
            assert!(!words.is_empty(), "{name} is empty");
            assert!(
                words.iter().all(|w| !w.is_empty()),
                "{name} holds an empty word"
            );
        }
        // A circumstance less its last char (下, 上) is still a noun.
        assert!(l
            .subject
            .circumstances
            .iter()
            .all(|w| w.chars().count() >= 2));
        assert!(!l.quantity.unit_aliases.is_empty());
        for (written, unit) in l.quantity.unit_aliases {
            assert!(l.quantity.units.contains(written), "{written}");
            assert!(l.quantity.units.contains(unit), "{unit}");
        }
        assert!(parse("[subject]\nlead = [1]\n").is_err());
    }
}
