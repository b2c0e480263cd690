//! The closed vocabularies stored in the database (kinds, stages, roles…).
//!
//! Each is a Rust enum stored as a short snake_case string. Values enter the
//! program through [`std::str::FromStr`], which answers an unknown value with
//! [`UnknownValue`] — never a panic. Reading an unknown string back from the
//! database is a `DbErr`, also never a panic. `label_key()` names the
//! translation of each value (`<vocabulary>-<value>` in `locales/*.ftl`).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A value that is not part of a vocabulary, e.g. an organisation kind
/// "bibliotheque" instead of "library".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("valeur inconnue « {value} » pour {vocabulary} (valeurs possibles : {allowed})")]
pub struct UnknownValue {
    pub vocabulary: &'static str,
    pub value: String,
    pub allowed: String,
}

/// What pages need of any closed list: every value in order, the value a
/// form sends, and the translation key of its label — so one function turns
/// any of them into choices (`web::components::vocabulary_options`).
pub trait Vocabulary: Copy + 'static {
    fn all() -> &'static [Self];
    /// The vocabulary's name, e.g. `stage` (prefix of its translation keys).
    fn key() -> &'static str;
    fn value(&self) -> String;
    fn label_key(&self) -> String;
}

/// Declares a vocabulary: the enum, its database mapping, parsing and labels.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $key:literal, { $($variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(#[sea_orm(string_value = $value)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// Prefix of this vocabulary's translation keys.
            pub const KEY: &'static str = $key;

            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $value,)+ }
            }

            pub fn label_key(&self) -> String {
                format!("{}-{}", $key, self.as_str().replace('_', "-"))
            }
        }

        impl Vocabulary for $name {
            fn all() -> &'static [Self] {
                $name::ALL
            }
            fn key() -> &'static str {
                $key
            }
            fn value(&self) -> String {
                self.as_str().to_owned()
            }
            fn label_key(&self) -> String {
                $name::label_key(self)
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim() {
                    $($value => Ok($name::$variant),)+
                    other => Err(UnknownValue {
                        vocabulary: $key,
                        value: other.to_string(),
                        allowed: [$($value),+].join(", "),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// What an organisation is.
    OrgKind, "org-kind", {
    ProfessionalAssociation = "professional_association",
    Commission = "commission",
    RegionalGroup = "regional_group",
    MediationNetwork = "mediation_network",
    Association = "association",
    DepartmentalLibrary = "departmental_library",
    Library = "library",
    MediationPlace = "mediation_place",
    CyberCentre = "cyber_centre",
    School = "school",
    LocalAuthority = "local_authority",
    CommunicationService = "communication_service",
    MailingList = "mailing_list",
    Other = "other",
});

vocabulary!(
    /// Geographic reach of an organisation.
    Scope, "scope", {
    National = "national",
    Regional = "regional",
    Departmental = "departmental",
    Local = "local",
});

vocabulary!(
    /// A directed link between two organisations: source → target.
    RelationKind, "relation", {
    Coordinates = "coordinates",
    MemberOf = "member_of",
    PartnerOf = "partner_of",
    RelaysTo = "relays_to",
});

vocabulary!(
    /// How an organisation can be reached or followed.
    ChannelKind, "channel", {
    Website = "website",
    Newsletter = "newsletter",
    MailingList = "mailing_list",
    ContactForm = "contact_form",
    Email = "email",
    Facebook = "facebook",
    Twitter = "twitter",
    Mastodon = "mastodon",
    Instagram = "instagram",
    Youtube = "youtube",
    Pinterest = "pinterest",
    Vimeo = "vimeo",
    Blog = "blog",
    Wiki = "wiki",
    Other = "other",
});

vocabulary!(
    /// Who runs the digital workshops an organisation already offers.
    WorkshopRunner, "runner", {
    Staff = "staff",
    LocalAssociation = "local_association",
    PaidProfessional = "paid_professional",
    Volunteers = "volunteers",
});

vocabulary!(
    /// GDPR lawful basis for holding a person's data.
    LawfulBasis, "lawful-basis", {
    Consent = "consent",
    LegitimateInterest = "legitimate_interest",
});

vocabulary!(
    /// What a user of relais may do.
    Role, "role", {
    Admin = "admin",
    Volunteer = "volunteer",
    Viewer = "viewer",
});

vocabulary!(
    /// How a contact happened.
    InteractionChannel, "interaction-channel", {
    Email = "email",
    Phone = "phone",
    Meeting = "meeting",
    EventTalk = "event_talk",
    MailingListPost = "mailing_list_post",
    ContactForm = "contact_form",
    SocialMedia = "social_media",
    Letter = "letter",
    Other = "other",
});

vocabulary!(
    /// Who started the contact.
    Direction, "direction", {
    Outbound = "outbound",
    Inbound = "inbound",
});

vocabulary!(
    /// Where an organisation stands in a campaign, in board order.
    Stage, "stage", {
    ToResearch = "to_research",
    ToContact = "to_contact",
    Contacted = "contacted",
    InDiscussion = "in_discussion",
    Relay = "relay",
    Declined = "declined",
    OnHold = "on_hold",
});

vocabulary!(
    Priority, "priority", {
    Low = "low",
    Normal = "normal",
    High = "high",
});

vocabulary!(
    /// What a campaign objective counts; progress is computed, never typed.
    ObjectiveMetric, "metric", {
    RelayOrganisations = "relay_organisations",
    OrganisationsContacted = "organisations_contacted",
    Presentations = "presentations",
    SessionsWithoutUs = "sessions_without_us",
    SessionsTotal = "sessions_total",
});

vocabulary!(
    EventKind, "event-kind", {
    Congress = "congress",
    ProfessionalDay = "professional_day",
    TrainingDay = "training_day",
    NetworkMeeting = "network_meeting",
    Webinar = "webinar",
    Cryptoparty = "cryptoparty",
    WorkshopSession = "workshop_session",
    Other = "other",
});

vocabulary!(
    /// Our participation in an event.
    Participation, "participation", {
    None = "none",
    Considering = "considering",
    ProposalSent = "proposal_sent",
    Accepted = "accepted",
    Attending = "attending",
    Presented = "presented",
    Declined = "declined",
});

vocabulary!(
    FeedStatus, "feed-status", {
    Ok = "ok",
    Error = "error",
});

vocabulary!(
    AuditAction, "audit-action", {
    Create = "create",
    Update = "update",
    Delete = "delete",
    Erase = "erase",
    Merge = "merge",
});

vocabulary!(
    /// Kinds of records named by the audit log and the search outbox.
    EntityKind, "entity", {
    Organisation = "organisation",
    Person = "person",
    Interaction = "interaction",
    Event = "event",
    Kit = "kit",
    WorkshopSession = "workshop_session",
    Campaign = "campaign",
    Outreach = "outreach",
    User = "user",
    Feed = "feed",
    Setting = "setting",
    Webhook = "webhook",
    CommuneNote = "commune_note",
    Tour = "tour",
});

vocabulary!(
    OutboxOp, "outbox-op", {
    Upsert = "upsert",
    Delete = "delete",
});

/// The three strategic levels of the campaign plan (seed 004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i16", into = "i16")]
pub struct StrategicLevel(i16);

impl StrategicLevel {
    pub const ALL: [StrategicLevel; 3] = [StrategicLevel(1), StrategicLevel(2), StrategicLevel(3)];

    pub fn get(self) -> i16 {
        self.0
    }

    pub fn label_key(&self) -> String {
        format!("level-{}", self.0)
    }
}

impl Vocabulary for StrategicLevel {
    fn all() -> &'static [Self] {
        &StrategicLevel::ALL
    }
    fn key() -> &'static str {
        "level"
    }
    fn value(&self) -> String {
        self.0.to_string()
    }
    fn label_key(&self) -> String {
        StrategicLevel::label_key(self)
    }
}

impl TryFrom<i16> for StrategicLevel {
    type Error = UnknownValue;
    fn try_from(n: i16) -> Result<Self, Self::Error> {
        if (1..=3).contains(&n) {
            Ok(StrategicLevel(n))
        } else {
            Err(UnknownValue {
                vocabulary: "level",
                value: n.to_string(),
                allowed: "1, 2, 3".into(),
            })
        }
    }
}

impl From<StrategicLevel> for i16 {
    fn from(level: StrategicLevel) -> i16 {
        level.0
    }
}

impl std::str::FromStr for StrategicLevel {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownValue {
            vocabulary: "level",
            value: s.to_string(),
            allowed: "1, 2, 3".into(),
        };
        s.trim().parse::<i16>().map_err(|_| unknown())?.try_into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_errors_naming_the_allowed_ones() {
        let err = "bibliotheque".parse::<OrgKind>().unwrap_err();
        assert_eq!(err.value, "bibliotheque");
        assert!(err.allowed.contains("library"));
        assert!(err.to_string().contains("« bibliotheque »"));
        assert!("4".parse::<StrategicLevel>().is_err());
        assert!("x".parse::<StrategicLevel>().is_err());
    }

    #[test]
    fn every_value_parses_back_to_itself() {
        for kind in OrgKind::ALL {
            assert_eq!(kind.as_str().parse::<OrgKind>(), Ok(*kind));
        }
        for stage in Stage::ALL {
            assert_eq!(stage.as_str().parse::<Stage>(), Ok(*stage));
        }
    }
}
