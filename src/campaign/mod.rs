//! Campaign plan: campaigns with objectives per strategic level, the
//! outreach board (organisations by stage, with history of moves), parking
//! until a "not before" date, and progress computed from real records.
//! Owns `campaigns`, `campaign_objectives`, `campaign_owners`,
//! `outreach_statuses`, `outreach_stage_changes` and the soft claims
//! (`outreach_claims`, see [`claims`]).

pub mod charts;
pub mod claims;
mod form;
pub mod mandates;
pub mod progress;
mod routes;
pub mod store;
mod views;

pub use routes::routes;
/// The campaign form's reader, which the API reads its bodies with.
pub(crate) use views::CampaignForm;
