//! The outline of a report: its paragraphs in the joined text, with their roles, as a consumer
//! keeps them beside the text to show the report again without running the pipeline (the
//! tracker stores it at import and reads it on every report page).

use serde::{Deserialize, Serialize};

use crate::layout::{Layout, Role};

/// What a paragraph is, as an outline stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockRole {
    /// Running text.
    Body,
    /// A numbered heading (一、 （一） 1.); its level is [`Block::level`].
    Heading,
    /// Title, date line, speaker, page furniture, captions.
    Other,
}

/// One paragraph: chars `start..end` of the joined text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub role: BlockRole,
    /// The level of a heading (1 for the top), 0 otherwise.
    #[serde(default)]
    pub level: u8,
}

/// The paragraphs of a report, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outline {
    pub paragraphs: Vec<Block>,
}

impl Outline {
    /// The outline of a laid-out report.
    pub fn of(layout: &Layout) -> Outline {
        let paragraphs = layout
            .paragraphs
            .iter()
            .map(|p| {
                let (role, level) = match p.role {
                    Role::Body => (BlockRole::Body, 0),
                    Role::Heading { level } => (BlockRole::Heading, level),
                    Role::Other => (BlockRole::Other, 0),
                };
                Block {
                    start: p.start,
                    end: p.end,
                    role,
                    level,
                }
            })
            .collect();
        Outline { paragraphs }
    }

    /// The paragraph that holds joined char `offset`.
    pub fn paragraph_at(&self, offset: usize) -> Option<&Block> {
        let i = self.paragraphs.partition_point(|p| p.end <= offset);
        self.paragraphs
            .get(i)
            .filter(|p| p.start <= offset && offset < p.end)
    }
}

/// The joined text of a report's text, as [`crate::layout::layout`] makes it: every `\n`
/// removed. Quotes, fact offsets and outline offsets count chars of it.
pub fn joined(text: &str) -> Vec<char> {
    text.chars().filter(|&c| c != '\n').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_is_the_layout() {
        let text =
            "政府工作报告\n一、过去一年工作回顾\n各位代表：\n过去一年，地区生产总值增长\n5%。\n";
        let l = crate::layout::layout(text);
        let o = Outline::of(&l);
        assert_eq!(o.paragraphs.len(), l.paragraphs.len());
        assert_eq!(joined(text), l.joined);
        for (b, p) in o.paragraphs.iter().zip(&l.paragraphs) {
            assert_eq!((b.start, b.end), (p.start, p.end));
            assert_eq!(o.paragraph_at(b.start), Some(b));
        }
        let json = serde_json::to_string(&o).unwrap();
        assert_eq!(serde_json::from_str::<Outline>(&json).unwrap(), o);
        assert_eq!(o.paragraph_at(usize::MAX), None);
    }
}
