//! The intermediate representation: the seam between reading a collection and emitting Rust.
//!
//! Readers (parse, resolve, lower, infer) fill it; emitters only read it. Every name in here is
//! already a legal, unique Rust identifier (without `r#`), next to the wire name it stands for.

use serde_json::Value;

use crate::json::shape::Shape;

/// A whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// The collection's name, e.g. `Zoom API`.
    pub title: String,
    /// The collection's description.
    pub description: Option<String>,
    /// The default base URL (from `{{baseUrl}}` or the requests' common scheme and host).
    pub base_url: Option<String>,
    /// The base URL with variables no one set (`https://{{region}}.api.example.com`), when no
    /// [`Api::base_url`] resolves: the client builder gets a setter per variable.
    pub base_url_template: Option<BaseUrlTemplate>,
    /// Variables that several requests send as a header (`X-Tenant: {{tenant}}`) or a query parameter
    /// (`?api-version={{apiVersion}}`): each is one setting
    /// of the client builder, sent with every request that uses it unless the request sets its own.
    pub client_settings: Vec<ClientSetting>,
    /// One line per `{{variable}}` nothing resolved: where the collection uses it and what it became
    /// in the crate (`{{tenant}}: header X-Tenant of list_things, get_thing → the client setting
    /// ClientBuilder::tenant`), in order of first use.
    pub unresolved: Vec<String>,
    /// The base URL of each environment the collection was generated with, by environment name, in
    /// the order given (the first is the one [`Api::base_url`] comes from).
    pub environments: Vec<(String, String)>,
    /// Which kinds of credentials the client needs.
    pub credentials: CredentialKinds,
    /// How operations page where the settings file says so (`[[paging]]`), checked against the
    /// operations, their parameters and their types.
    pub paging: Vec<PagingRule>,
    /// The collection's OAuth 2.0 flow (from the first `oauth2` auth block with a token URL): the
    /// client documents it and names its token URL and scope.
    pub oauth2: Option<OAuth2Flow>,
    /// Operations, in collection order.
    pub operations: Vec<Operation>,
    /// The folders that hold operations, parents before their children.
    pub folders: Vec<Folder>,
    /// Named types (filled by inference), in a deterministic order.
    pub types: Vec<TypeDef>,
    /// The name inference gave each type (before `[rename] types`), by the place it was inferred
    /// from (`get_user#200/owner`): the crate's [`crate::tooling::settings::names_file`] file.
    pub type_names: std::collections::BTreeMap<String, String>,
    /// The name of each operation by its place (`lower::operation_place`): the crate's
    /// [`crate::tooling::settings::names_file`] file.
    pub operation_names: std::collections::BTreeMap<String, String>,
}

/// A client-level setting: a collection variable several requests send as a header or a query
/// parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSetting {
    /// The variable (`tenant`).
    pub variable: String,
    /// The builder setter and the field that holds the value (`tenant`).
    pub setter: String,
    /// The headers it fills, as the collection names them (`X-Tenant`).
    pub headers: Vec<String>,
    /// The query parameters it fills, as the collection names them (`api-version`).
    pub query: Vec<String>,
    /// How many operations send it.
    pub operations: usize,
}

/// How one operation pages, as the settings file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingRule {
    /// The operation's name.
    pub operation: String,
    /// How the next page is asked for.
    pub kind: PagingKind,
    /// The wire name of the page size parameter, if any.
    pub size: Option<String>,
    /// The wire names down to the list field (empty: the body is the list).
    pub items: Vec<String>,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingKind {
    /// The query parameter `param` takes the cursor found at the wire names `next`.
    Cursor {
        /// The query parameter.
        param: String,
        /// The response field, by wire names from the body down.
        next: Vec<String>,
    },
    /// The query parameter takes the page number.
    Page(String),
    /// The query parameter takes the item offset.
    Offset(String),
}

/// What an `oauth2` auth block says of its flow. Never a credential: the client id, secret,
/// user name, password and tokens are the caller's at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuth2Flow {
    /// The token endpoint (`accessTokenUrl`).
    pub token_url: String,
    /// Postman's grant type: `client_credentials`, `password_credentials`, `authorization_code`,
    /// `authorization_code_with_pkce`, `implicit`, or another one.
    pub grant: String,
    /// The scope to ask for, when given.
    pub scope: Option<String>,
    /// The client credentials go in the token request's body, not a basic auth header.
    pub client_auth_body: bool,
}

/// A base URL with `{{variables}}` left in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlTemplate {
    /// The URL as the collection writes it, variables included (scheme and host in lowercase).
    pub template: String,
    /// Each variable, in order of appearance: its name in the template and its builder setter.
    pub variables: Vec<(String, String)>,
}

/// Which credential setters the generated client offers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CredentialKinds {
    /// A bearer token or OAuth 2.0 access token.
    pub token: bool,
    /// Whether the token comes from OAuth 2.0 (for docs and names).
    pub oauth2: bool,
    /// A user name and password.
    pub basic: bool,
    /// An API key.
    pub api_key: bool,
}

/// One request of the collection.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The method name, `snake_case`, unique in the client.
    pub name: String,
    /// The request builder type name, `PascalCase`, unique.
    pub builder_name: String,
    /// The Rust name of the body argument, for JSON, text and binary bodies.
    pub body_arg: Option<String>,
    /// The item name as written in the collection.
    pub title: String,
    /// Folder names from the root to this item.
    pub folders: Vec<String>,
    /// The item's description (markdown).
    pub description: Option<String>,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path after the base URL.
    pub path: Vec<PathPart>,
    /// Path, query and header parameters.
    pub params: Vec<Parameter>,
    /// Headers with fixed values that are always sent.
    pub fixed_headers: Vec<(String, String)>,
    /// The request body, if the request sends one.
    pub body: Option<RequestBody>,
    /// How the operation authenticates.
    pub auth: AuthScheme,
    /// Saved responses grouped by status, in status order.
    pub responses: Vec<Response>,
    /// The type of a success body, set by inference (`None`: no JSON body known).
    pub success_type: Option<TypeRef>,
    /// The folder the item is in (an index into [`Api::folders`]), `None` at the top level.
    pub folder: Option<usize>,
    /// The name lowering gave the operation, when the settings file's `[rename] operations`
    /// renamed it (an override may name the operation by either).
    pub renamed_from: Option<String>,
}

impl Operation {
    /// The types of the operation's bodies: its success type, each response's, and its JSON or
    /// GraphQL request body's.
    pub fn body_types(&self) -> impl Iterator<Item = &TypeRef> {
        let request = match &self.body {
            Some(RequestBody::Json { ty: Some(ty), .. } | RequestBody::Graphql { ty: Some(ty), .. }) => Some(ty),
            _ => None,
        };
        self.success_type.iter().chain(self.responses.iter().filter_map(|r| r.body_type.as_ref())).chain(request)
    }

    /// The saved JSON request bodies (or GraphQL variables) and their inferred type, once inferred.
    pub fn body_samples(&self) -> Option<(&[Value], &TypeRef)> {
        match &self.body {
            Some(RequestBody::Json { samples, ty: Some(ty), .. } | RequestBody::Graphql { samples, ty: Some(ty), .. }) => Some((samples, ty)),
            _ => None,
        }
    }
}

/// A folder of the collection: a sub-client with the folder's requests and sub-folders as methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// The folder's name as written in the collection.
    pub title: String,
    /// The method of the parent (the `Client`, or the parent folder's sub-client) that returns
    /// this folder's sub-client, `snake_case`.
    pub accessor: String,
    /// The sub-client's type name in `crate::folders`, `PascalCase`, unique.
    pub type_name: String,
    /// The enclosing folder (an index into [`Api::folders`]).
    pub parent: Option<usize>,
    /// The operations directly in this folder (indices into [`Api::operations`]), in order.
    pub operations: Vec<usize>,
    /// The folders directly in this folder (indices into [`Api::folders`]), in order.
    pub children: Vec<usize>,
}

impl Operation {
    /// The path as a template, e.g. `/users/{userId}`.
    pub fn path_template(&self) -> String {
        let mut out = String::new();
        for part in &self.path {
            out.push('/');
            match part {
                PathPart::Literal(text) => out.push_str(text),
                PathPart::Param(i) => {
                    out.push('{');
                    out.push_str(&self.params[*i].wire_name);
                    out.push('}');
                }
                PathPart::Template(pieces) => {
                    for (text, param) in pieces {
                        out.push_str(text);
                        if let Some(i) = param {
                            out.push('{');
                            out.push_str(&self.params[*i].wire_name);
                            out.push('}');
                        }
                    }
                }
            }
        }
        if out.is_empty() {
            out.push('/');
        }
        out
    }
}

/// The body of a request.
#[derive(Debug, Clone)]
pub enum RequestBody {
    /// JSON: the caller passes a value of the inferred type.
    Json {
        /// The saved bodies (the request's and its examples' original requests).
        samples: Vec<Value>,
        /// The inferred type, set by inference.
        ty: Option<TypeRef>,
        /// The fields whose value in the request's body is a dynamic variable the client makes
        /// (`"id": "{{$guid}}"`): filled per request unless the caller sets them.
        dynamic: Vec<DynamicField>,
    },
    /// Text (XML, plain text, HTML, …): the caller passes the text.
    Text {
        /// The content type to send.
        content_type: String,
        /// The saved body.
        example: String,
    },
    /// Binary file contents: the caller passes the bytes.
    Binary {
        /// The content type to send.
        content_type: String,
    },
    /// `application/x-www-form-urlencoded`: the fields are parameters at [`ParamLocation::Form`].
    Form,
    /// `multipart/form-data`: the fields are parameters at [`ParamLocation::Multipart`].
    Multipart,
    /// GraphQL: the query is fixed; the caller may pass the variables.
    Graphql {
        /// The query text.
        query: String,
        /// The saved variables.
        samples: Vec<Value>,
        /// The inferred type of the variables, set by inference.
        ty: Option<TypeRef>,
    },
}

/// A field of a JSON body whose value is a dynamic variable (`{"id": "{{$guid}}"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicField {
    /// The keys from the body's top object down to the field.
    pub path: Vec<String>,
    /// The dynamic variable, without `$` (`guid`).
    pub variable: String,
    /// Written in quotes (`"{{$timestamp}}"`, sent as a string) rather than bare
    /// (`{{$timestamp}}`, sent as a number or boolean when the variable is one).
    pub quoted: bool,
}

/// One segment of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// A fixed segment, already percent-encoded.
    Literal(String),
    /// The path parameter at this index of [`Operation::params`].
    Param(usize),
    /// A segment mixing text and parameters (`:id.json`, `{{file}}.{{format}}`): each piece is
    /// encoded text followed by an optional parameter index.
    Template(Vec<(String, Option<usize>)>),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A field of an urlencoded form body.
    Form,
    /// A part of a multipart body.
    Multipart,
}

/// The Rust type of a parameter, inferred from its example value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `String` (`impl Into<String>` in setters).
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Float,
    /// `bool`.
    Boolean,
    /// A file: a file name and its bytes (multipart only).
    File,
}

/// A parameter of an operation.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The Rust name, `snake_case`, unique within the operation.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: ParamType,
    /// Required parameters are arguments of the method; the others are builder setters.
    pub required: bool,
    /// Sent once per value (`ids=1&ids=2`): the collection gives the key twice or more, or the key
    /// ends in `[]`. A repeated parameter is never required (a list may be empty).
    pub repeated: bool,
    /// The description (markdown).
    pub description: Option<String>,
    /// The example value from the collection (of a repeated parameter, its values joined by `, `).
    pub example: Option<String>,
    /// A Postman dynamic variable the collection sends here (`guid` for `{{$guid}}`): the client
    /// sends a fresh value of it per request unless the caller sets one (see
    /// `environment::DYNAMIC_VARIABLES`).
    pub dynamic: Option<String>,
    /// The collection variable the value is (`tenant` for `{{tenant}}`), when it is exactly one.
    pub variable: Option<String>,
}

impl Parameter {
    /// Whether the parameter may take the value of a client setting ([`Api::client_settings`]): an
    /// optional header, or an optional query parameter sent once as text.
    pub fn takes_client_setting(&self) -> bool {
        !self.required
            && self.dynamic.is_none()
            && match self.location {
                ParamLocation::Header => true,
                ParamLocation::Query => !self.repeated && self.ty == ParamType::String,
                _ => false,
            }
    }
}

/// How an operation authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthScheme {
    /// No credentials.
    None,
    /// `Authorization: <prefix> <token>`.
    BearerHeader {
        /// Usually `Bearer`.
        prefix: String,
    },
    /// `?access_token=<token>`.
    TokenQuery,
    /// HTTP basic.
    Basic,
    /// An API key in a header.
    ApiKeyHeader {
        /// The header name.
        name: String,
    },
    /// An API key in the query.
    ApiKeyQuery {
        /// The parameter name.
        name: String,
    },
    /// A kind the generator does not implement (oauth1, awsv4, …): nothing is applied, users add the
    /// header themselves.
    Unsupported {
        /// The Postman auth type.
        kind: String,
    },
}

/// The saved examples of one status of an operation.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code (`None` when the examples give none).
    pub status: Option<u16>,
    /// The reason phrase, e.g. `Not Found`.
    pub reason: Option<String>,
    /// What the examples say about this status, as plain text lines.
    pub summary: Vec<String>,
    /// Application error codes named by the examples (`**Error Code:** 1001` and its text).
    pub error_codes: Vec<(String, String)>,
    /// The examples.
    pub examples: Vec<Example>,
    /// The type of the body, set by inference.
    pub body_type: Option<TypeRef>,
}

/// One saved example response.
#[derive(Debug, Clone)]
pub struct Example {
    /// The example name.
    pub name: String,
    /// Its `Content-Type`, if given.
    pub content_type: Option<String>,
    /// The body text.
    pub body: String,
    /// The body is JSON (comments, trailing commas and placeholders tolerated): its strict text is
    /// `clean_json`, or else `body` ([`Example::json_text`]).
    pub json: bool,
    /// The strict JSON text the body was read as, when it needed cleaning.
    pub clean_json: Option<String>,
    /// The strict JSON text with its type placeholders (`"<integer>"`) realised as values of their
    /// type (`json::placeholder::realise_text`), when it has any: what the round-trip tests and
    /// the mock server use.
    pub realised: Option<String>,
    /// The shape of the JSON body, read while `lower` checked it (one pass over the text); inference
    /// takes it ([`Example::take_shape`]).
    pub shape: Option<Shape>,
    /// The saved response headers, in order (`Content-Type` included), names and values as written.
    pub headers: Vec<(String, String)>,
    /// The request this example answers (`originalRequest`), when the collection saved one.
    pub request: Option<ExampleRequest>,
    /// Where the body was captured, when it is a captured response rather than a saved example:
    /// its file under the samples directory (`get_user/200-1.json`, [`crate::tooling::samples`]).
    pub captured: Option<String>,
}

impl Example {
    /// The strict JSON text of the body, when it is JSON, with its placeholders realised
    /// ([`Example::realised`]): a text that decodes into the body's type.
    pub fn json_text(&self) -> Option<&str> {
        self.json.then(|| self.realised.as_deref().or(self.clean_json.as_deref()).unwrap_or(&self.body))
    }

    /// The body the mock server serves: the realised text when the body has type placeholders
    /// ([`Example::realised`]), else the body as saved.
    pub fn served_body(&self) -> &str {
        self.realised.as_deref().unwrap_or(&self.body)
    }

    /// The strict JSON text of the body as written, placeholders and all, when it is JSON.
    pub fn written_json_text(&self) -> Option<&str> {
        self.json.then(|| self.clean_json.as_deref().unwrap_or(&self.body))
    }

    /// The shape of the JSON body, when it is JSON: the one read by `lower`, taken out of the
    /// example, or else (taken before, or an example built without it) read from
    /// [`Example::json_text`].
    pub fn take_shape(&mut self) -> Option<Shape> {
        if !self.json {
            return None;
        }
        if let Some(shape) = self.shape.take() {
            return Some(shape);
        }
        let text = self.written_json_text()?;
        Some(Shape::from_json_text(text).unwrap_or_else(|_| Shape::unknown()))
    }
}

/// The request a saved example answers, as saved (`{{variables}}` are left as written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExampleRequest {
    /// The method, upper case, when given.
    pub method: Option<String>,
    /// The path segments after the origin, as written (`:id` and `{{var}}` included).
    pub path: Vec<String>,
    /// The enabled query parameters, in order (a key without `=` has an empty value).
    pub query: Vec<(String, String)>,
    /// The enabled headers, in order.
    pub headers: Vec<(String, String)>,
    /// The raw body text (`raw` mode only), when given.
    pub body: Option<String>,
}

/// A type used by a field or a body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `bool`.
    Bool,
    /// `i64`.
    I64,
    /// `u64`.
    U64,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// Integers beyond `u64`/`i64`: the runtime's `BigInt`, which keeps the digits.
    BigInt,
    /// An RFC 3339 date-time (an override asked for it): the runtime's `DateTime`, a chrono value
    /// that keeps the text it was decoded from.
    DateTime,
    /// A `YYYY-MM-DD` date (an override asked for it): the runtime's `Date`, a chrono `NaiveDate` that
    /// keeps the text it was decoded from.
    Date,
    /// `serde_json::Value`: unknown (only `null` seen) or nested too deep to type.
    Value,
    /// `Box<T>`: a type that contains itself.
    Boxed(Box<TypeRef>),
    /// `Option<T>`: an array element or map value that is `null` in some examples.
    Nullable(Box<TypeRef>),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `serde_json::Map`-like map with string keys: `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A named type, by index into [`Api::types`].
    Named(usize),
}

impl TypeRef {
    /// The type under any `Vec`, map, `Box` and `Option`: `Vec<Option<User>>` → `User`.
    pub fn leaf(&self) -> &TypeRef {
        match self {
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => inner.leaf(),
            other => other,
        }
    }
}

/// Whether a type describes what the server sends or what the caller sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Decoded from responses: tolerant of missing and `null` fields.
    Response,
    /// Encoded into requests: every field optional, and only what the caller set is sent.
    Request,
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name, `PascalCase`, unique.
    pub name: String,
    /// Response or request type.
    pub role: Role,
    /// The operation whose example first showed this type.
    pub origin_operation: String,
    /// The status of that example's response, for error bodies (success bodies share one type).
    pub origin_status: Option<String>,
    /// The JSON pointer of the type inside the body (`""` for the body itself).
    pub origin_pointer: String,
    /// A struct, or an enum of the shapes the examples take.
    pub body: TypeBody,
    /// The fields, in the order of the examples (empty for enums).
    pub fields: Vec<Field>,
    /// An example value of each field (JSON text), parallel to `fields`, for docs.
    pub examples: Vec<Option<String>>,
}

impl TypeDef {
    /// The types this type holds: those of its fields and of its enum variants.
    pub fn member_types(&self) -> impl Iterator<Item = &TypeRef> {
        let variants: Vec<&TypeRef> = match &self.body {
            TypeBody::Untagged(variants) => variants.iter().map(|v| &v.ty).collect(),
            TypeBody::Tagged { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
            TypeBody::Struct | TypeBody::StringEnum(_) => Vec::new(),
        };
        self.fields.iter().map(|f| &f.ty).chain(variants)
    }
}

/// What a named type is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeBody {
    /// A struct of [`TypeDef::fields`].
    Struct,
    /// `#[serde(untagged)]`: the examples hold values of different JSON kinds here. Variants are
    /// tried in order; a last `Other(serde_json::Value)` variant takes anything else.
    Untagged(Vec<Variant>),
    /// `#[serde(tag = "…")]`: objects whose `tag` field names which fields they have. An unknown tag
    /// decodes as `Other(serde_json::Value)`.
    Tagged {
        /// The JSON key of the tag field.
        tag: String,
        /// One per tag value, in first-seen order.
        variants: Vec<TaggedVariant>,
    },
    /// Strings from a list (an override), and `Other(String)` for any other: (Rust name, value).
    StringEnum(Vec<(String, String)>),
}

/// A variant of an untagged enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Variant {
    /// The Rust name, `PascalCase`, unique in the enum.
    pub name: String,
    /// The payload type.
    pub ty: TypeRef,
}

/// A variant of an internally tagged enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaggedVariant {
    /// The Rust name, `PascalCase`, unique in the enum.
    pub name: String,
    /// The tag value on the wire.
    pub tag_value: String,
    /// The struct of the other fields (a [`TypeRef::Named`] struct).
    pub ty: TypeRef,
}

/// How reliably a field is present in the examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Presence {
    /// In every example, never `null`.
    Always,
    /// Missing from some examples, never `null`.
    Optional,
    /// In every example, `null` in some.
    Nullable,
    /// Missing from some and `null` in some.
    OptionalNullable,
}

/// A field of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Field {
    /// The Rust name, `snake_case`, unique in its type.
    pub name: String,
    /// The JSON key.
    pub wire_name: String,
    /// The type, without the `Option` that [`Presence`] may add.
    pub ty: TypeRef,
    /// Presence in the type: as in the examples, unless an override (`required`, `optional`) says
    /// otherwise.
    pub presence: Presence,
    /// Presence in the examples, before any override (what the field's doc reports).
    pub sampled: Presence,
    /// Every example that has the field has `null` there: the examples show no value of it.
    pub null_only: bool,
}
