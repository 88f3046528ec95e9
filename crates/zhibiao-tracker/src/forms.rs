//! Form input, read leniently: every field is optional text, so that authorisation is checked
//! before anything about the input is, and a missing or malformed field becomes a clear
//! message from the handler rather than a bare rejection from an extractor.

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};

use crate::error::AppError;
use sha2::{Digest, Sha256};

/// The fields of a submitted form, in order; a name may repeat (check boxes).
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The value of `name`, or an empty string.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_string()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A required field.
    pub fn required(&self, name: &str, label: &str) -> Result<&str, AppError> {
        self.get(name)
            .ok_or_else(|| AppError::bad(format!("请填写“{label}”")))
    }

    /// A required text of at most `max` characters.
    pub fn required_text(&self, name: &str, label: &str, max: usize) -> Result<String, AppError> {
        self.check_raw_len(name, label, max)?;
        let v = self.required(name, label)?;
        check_len(v, label, max)?;
        Ok(v.to_string())
    }

    /// An optional text of at most `max` characters; empty when absent.
    pub fn optional_text(&self, name: &str, label: &str, max: usize) -> Result<String, AppError> {
        self.check_raw_len(name, label, max)?;
        let v = self.text(name);
        check_len(&v, label, max)?;
        Ok(v)
    }

    /// The length limit holds for the text as sent, white space at the ends included (as a
    /// browser's `maxlength` and the API document count it), not only once it is trimmed.
    fn check_raw_len(&self, name: &str, label: &str, max: usize) -> Result<(), AppError> {
        match self.0.iter().find(|(k, _)| k == name) {
            Some((_, v)) if v.chars().count() > max => {
                Err(AppError::bad(format!("“{label}”过长（最多 {max} 个字符）")))
            }
            _ => Ok(()),
        }
    }

    /// An optional integer; a value that is not one is an error.
    pub fn int(&self, name: &str, label: &str) -> Result<Option<i64>, AppError> {
        self.get(name)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| AppError::bad(format!("“{label}”应为整数")))
            })
            .transpose()
    }

    /// A required integer.
    pub fn required_int(&self, name: &str, label: &str) -> Result<i64, AppError> {
        self.int(name, label)?
            .ok_or_else(|| AppError::bad(format!("缺少“{label}”")))
    }

    /// An optional finite number.
    pub fn number(&self, name: &str, label: &str) -> Result<Option<f64>, AppError> {
        self.get(name)
            .map(|v| {
                v.replace([',', '，'], "")
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| AppError::bad(format!("“{label}”应为数字")))
            })
            .transpose()
    }

    /// The form's version field: optimistic concurrency needs it on every edit.
    pub fn version(&self) -> Result<i64, AppError> {
        self.int("version", "版本")?
            .ok_or_else(|| AppError::bad("表单缺少版本号，请刷新页面后重试"))
    }

    pub fn csrf(&self) -> Option<&str> {
        self.get("csrf")
    }
}

/// Refuses a text longer than `max` characters, or holding control characters.
pub fn check_len(v: &str, label: &str, max: usize) -> Result<(), AppError> {
    if v.chars().count() > max {
        return Err(AppError::bad(format!("“{label}”过长（最多 {max} 个字符）")));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(AppError::bad(format!("“{label}”含有不允许的控制字符")));
    }
    Ok(())
}

/// A date `YYYY-MM-DD`.
pub fn date(v: &str, label: &str) -> Result<chrono::NaiveDate, AppError> {
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| AppError::bad(format!("“{label}”应为日期，格式如 2023-06-30")))
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Fields, AppError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge("提交的内容过大".into())
            } else {
                AppError::bad("无法读取提交的表单")
            }
        })?;
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .map(Fields)
            .map_err(|_| AppError::bad("表单格式错误"))
    }
}

/// A file from a multipart form.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes`, in hex, computed chunk by chunk as they were read.
    pub sha256: String,
}

/// Reads a multipart form: its text fields and the file of field `file_field` (at most `max`
/// bytes; an empty file input counts as none).
pub async fn multipart(
    mut mp: Multipart,
    file_field: &str,
    max: usize,
) -> Result<(Fields, Option<Upload>), AppError> {
    let mut fields = Vec::new();
    let mut upload = None;
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge(format!("文件过大：上限为 {} MB", max >> 20))
        } else {
            AppError::bad("上传的表单不完整或已损坏，请重试")
        }
    };
    while let Some(mut field) = mp.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field && field.file_name().is_none() {
            // A file input always sends a file name (empty when no file is chosen): a part
            // without one is a broken or forged form, not a file to drop silently.
            return Err(AppError::bad("上传的表单不完整或已损坏，请重试"));
        }
        if name == file_field {
            // Read chunk by chunk, refused as soon as it passes `max` (nothing is written
            // anywhere before the whole form is read and checked), and hashed as it comes in.
            // The bytes are kept in memory (at most `max`): the update is checked against
            // them and the form's other fields before they are stored, and a file kept in the
            // database goes into the update's own transaction.
            let file_name = field.file_name().unwrap_or_default().to_string();
            let mut bytes = Vec::new();
            let mut hash = Sha256::new();
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                if bytes.len() + chunk.len() > max {
                    return Err(AppError::TooLarge(format!(
                        "文件过大：上限为 {} MB",
                        max >> 20
                    )));
                }
                hash.update(&chunk);
                bytes.extend_from_slice(&chunk);
            }
            if !file_name.is_empty() || !bytes.is_empty() {
                upload = Some(Upload {
                    file_name,
                    bytes,
                    sha256: hex::encode(hash.finalize()),
                });
            }
        } else {
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                if text.len() + chunk.len() > 1 << 20 {
                    return Err(AppError::TooLarge("表单字段过长".into()));
                }
                text.extend_from_slice(&chunk);
            }
            let text = String::from_utf8(text)
                .map_err(|_| AppError::bad("表单字段不是有效的 UTF-8 文本"))?;
            fields.push((name, text));
        }
    }
    Ok((Fields(fields), upload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_lenient_and_checked_on_use() {
        let f = Fields(vec![
            ("a".into(), " x ".into()),
            ("co".into(), "1".into()),
            ("co".into(), "2".into()),
            ("n".into(), "abc".into()),
            ("blank".into(), "  ".into()),
        ]);
        assert_eq!(f.get("a"), Some("x"));
        assert_eq!(f.all("co"), vec!["1", "2"]);
        assert_eq!(f.get("blank"), None);
        assert!(f.int("n", "n").is_err());
        assert!(f.version().is_err());
        assert!(check_len("abc", "x", 2).is_err());
        let padded = Fields(vec![("t".into(), "  ab  ".into())]);
        assert!(
            padded.required_text("t", "t", 2).is_err(),
            "counted as sent"
        );
        assert_eq!(padded.required_text("t", "t", 6).unwrap(), "ab");
        assert_eq!(padded.optional_text("none", "n", 6).unwrap(), "");
        assert!(check_len("a\u{0}", "x", 9).is_err());
        assert!(date("2023-02-30", "d").is_err());
    }
}
