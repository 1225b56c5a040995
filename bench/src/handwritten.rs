//! The Zoom user as a developer would write it by hand: plain fields, a plain `derive`.

use serde::Deserialize;

/// A Zoom user (`GET /users/:userId`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct User {
    /// When the user was created.
    pub created_at: String,
    /// Custom attributes.
    pub custom_attributes: Vec<CustomAttribute>,
    /// The user ID.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email address.
    pub email: String,
    /// The user type.
    #[serde(rename = "type")]
    pub kind: i64,
    /// Role name.
    pub role_name: String,
    /// Personal meeting ID.
    pub pmi: i64,
    /// Whether the PMI is used for instant meetings.
    pub use_pmi: bool,
    /// Personal meeting URL.
    pub personal_meeting_url: String,
    /// Time zone.
    pub timezone: String,
    /// Whether the user is verified.
    pub verified: i64,
    /// Department.
    pub dept: String,
    /// Last login time.
    pub last_login_time: String,
    /// Last client version.
    pub last_client_version: String,
    /// Picture URL.
    pub pic_url: String,
    /// Host key.
    pub host_key: String,
    /// XMPP ID.
    pub jid: String,
    /// Group IDs.
    pub group_ids: Vec<serde_json::Value>,
    /// IM group IDs.
    pub im_group_ids: Vec<String>,
    /// Account ID.
    pub account_id: String,
    /// Language.
    pub language: String,
    /// Phone country.
    pub phone_country: String,
    /// Phone number.
    pub phone_number: String,
    /// Status.
    pub status: String,
    /// Role ID.
    pub role_id: String,
    /// Employee unique ID.
    pub employee_unique_id: String,
    /// Account number.
    pub account_number: i64,
    /// Manager's email.
    pub manager: String,
}

/// A custom attribute.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CustomAttribute {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
}
