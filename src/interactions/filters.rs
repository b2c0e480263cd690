//! The contact log's filters as they come in the address (`?channel=email
//! &region=84…`), read once into a [`LogFilter`]; what cannot be read is no
//! filter. The exports read the same query, so a link carries the list.

use serde::{Deserialize, Serialize};

use super::store::LogFilter;
use crate::web::forms::parse_date;

/// The query of `/interactions` and `/export/interactions.{csv,json}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct LogQuery {
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub campaign: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub page: String,
}

impl LogQuery {
    /// Reads the query from `(key, value)` pairs (unknown keys ignored).
    pub fn from_pairs(pairs: &[(String, String)]) -> LogQuery {
        serde_urlencoded::to_string(pairs)
            .ok()
            .and_then(|q| serde_urlencoded::from_str(&q).ok())
            .unwrap_or_default()
    }

    pub fn filter(&self) -> LogFilter {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        LogFilter {
            user: self.user.trim().parse().ok(),
            from: parse_date(&self.from),
            to: parse_date(&self.to),
            channel: self.channel.trim().parse().ok(),
            campaign: self.campaign.trim().parse().ok(),
            kind: self.kind.trim().parse().ok(),
            region: text(&self.region).filter(|r| r.len() <= 10),
        }
    }

    /// Page number from 0, bounded.
    pub fn page(&self) -> u64 {
        self.page.trim().parse().unwrap_or(0).min(10_000)
    }

    /// The filters as query pairs (the page left out), for links.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("user", self.user.trim().to_owned()),
            ("from", self.from.trim().to_owned()),
            ("to", self.to.trim().to_owned()),
            ("channel", self.channel.trim().to_owned()),
            ("campaign", self.campaign.trim().to_owned()),
            ("kind", self.kind.trim().to_owned()),
            ("region", self.region.trim().to_owned()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::InteractionChannel;

    #[test]
    fn unreadable_filters_are_no_filters() {
        let pairs = [
            ("channel".to_owned(), "email".to_owned()),
            ("from".to_owned(), "2026-13-01".to_owned()),
            ("user".to_owned(), "abc".to_owned()),
            ("region".to_owned(), " 84 ".to_owned()),
            ("other".to_owned(), "x".to_owned()),
        ];
        let filter = LogQuery::from_pairs(&pairs).filter();
        assert_eq!(filter.channel, Some(InteractionChannel::Email));
        assert_eq!(filter.from, None);
        assert_eq!(filter.user, None);
        assert_eq!(filter.region.as_deref(), Some("84"));
    }
}
