//! A client of the users API in `users.postman_collection.json`, generated when this crate builds:
//! `build.rs` calls the `postman-codegen` library and writes the client into `OUT_DIR`, and this
//! file includes it. Edit the collection and build again; there is no generated code to check in.
//!
//! ```no_run
//! # async fn run() -> Result<(), build_rs_client::Error> {
//! let client = build_rs_client::Client::builder().bearer_token("…").build()?;
//! let user = client.get_user("42").await?;
//! println!("{} <{}>", user.name, user.email);
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The generated code names its items by `crate::…` paths, so it is included at the crate root.
include!(concat!(env!("OUT_DIR"), "/client.rs"));
