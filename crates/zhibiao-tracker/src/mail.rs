//! E-mail of 催办 through an SMTP relay the office names (an intranet mail server): plain
//! SMTP, no authentication, no outside address ever configured by the tracker itself.

use lettre::message::{header::ContentType, Mailbox};
use lettre::{Message, SmtpTransport, Transport};

/// An SMTP relay and the sender's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub from: String,
}

impl Smtp {
    /// `HOST:PORT` (port 25 when left out) and the sender's address, checked.
    pub fn parse(relay: &str, from: &str) -> Result<Smtp, String> {
        let (host, port) = match relay.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| format!("--smtp {relay}: the port is not a number"))?,
            ),
            None => (relay, 25),
        };
        if host.is_empty() {
            return Err(format!("--smtp {relay}: no host"));
        }
        from.parse::<Mailbox>()
            .map_err(|e| format!("--mail-from {from}: not an e-mail address ({e})"))?;
        Ok(Smtp {
            host: host.to_string(),
            port,
            from: from.to_string(),
        })
    }

    /// Sends one message to `to` (every address a recipient). Blocks.
    pub fn send(&self, to: &[String], subject: &str, body: &str) -> Result<(), String> {
        let from: Mailbox = self.from.parse().map_err(|e| format!("{e}"))?;
        let mut m = Message::builder().from(from).subject(subject);
        let mut any = false;
        for t in to {
            match t.parse::<Mailbox>() {
                Ok(mb) => {
                    m = m.to(mb);
                    any = true;
                }
                Err(e) => eprintln!("zhibiao serve: e-mail address {t:?} skipped: {e}"),
            }
        }
        if !any {
            return Err("no valid recipient".into());
        }
        let msg = m
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| e.to_string())?;
        let transport = SmtpTransport::builder_dangerous(&self.host)
            .port(self.port)
            .timeout(Some(std::time::Duration::from_secs(10)))
            .build();
        transport.send(&msg).map(|_| ()).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relays_and_senders_are_checked() {
        let s = Smtp::parse("mail.gov.local:2525", "duban@gov.local").unwrap();
        assert_eq!((s.host.as_str(), s.port), ("mail.gov.local", 2525));
        assert_eq!(Smtp::parse("mail.gov.local", "a@b.c").unwrap().port, 25);
        assert!(Smtp::parse("mail:x", "a@b.c").is_err());
        assert!(Smtp::parse("mail", "not an address").is_err());
    }
}
