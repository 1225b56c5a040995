//! One cargo feature per top-level folder of the collection, so a user of a big API compiles only
//! the parts it calls. Every feature is on by default.
//!
//! A feature gates the client method, the request builder and the response enums of each operation
//! in its folder; operations outside any folder are always compiled. A type of `types.rs` (and the
//! round-trip test of an example) is compiled when any operation that uses it is: a type that only
//! gated operations use gets `#[cfg(any(feature = "a", feature = "b"))]` with their features; a type
//! that an ungated operation uses is never gated. (The runtime modules allow dead code, so turning
//! features off leaves no warning behind.)
//!
//! Names come from the folder names (`Cloud Recording` → `cloud_recording`). They depend only on
//! the set of top-level folder names, never on the order of items, so adding a folder or a request
//! leaves every existing feature name as it was. Folders whose names sanitize to the same text get
//! `_2`, `_3`, … in the sort order of their original names.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Operation, TypeRef};
use crate::names::{snake_ident, Scope};

/// The feature of each top-level folder.
#[derive(Debug, Clone, Default)]
pub struct FolderFeatures {
    /// Top-level folder name → feature name.
    by_folder: BTreeMap<String, String>,
}

impl FolderFeatures {
    /// The features of an API's top-level folders.
    pub fn new(api: &Api) -> Self {
        let folders: std::collections::BTreeSet<&str> =
            api.operations.iter().filter_map(|op| op.folders.first()).map(String::as_str).collect();
        let mut scope = Scope::with_reserved(["default", "blocking", "extra_traits"]);
        let by_folder = folders
            .into_iter()
            .map(|folder| {
                let name = snake_ident(folder, "folder");
                let name = name.trim_end_matches('_');
                (folder.to_owned(), scope.claim(if name.is_empty() { "folder" } else { name }, false))
            })
            .collect();
        FolderFeatures { by_folder }
    }

    /// The feature names, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.by_folder.values().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    /// The feature that gates an operation (`None` outside any folder).
    pub fn of(&self, op: &Operation) -> Option<&str> {
        op.folders.first().and_then(|folder| self.by_folder.get(folder)).map(String::as_str)
    }

    /// `#[cfg(feature = "…")]` for the items of a top-level folder named `title`, or nothing.
    pub fn cfg_of_folder(&self, title: &str) -> TokenStream {
        match self.by_folder.get(title) {
            Some(feature) => quote!(#[cfg(feature = #feature)]),
            None => TokenStream::new(),
        }
    }

    /// `#[cfg(feature = "…")]` for an operation's items, or nothing.
    pub fn cfg(&self, op: &Operation) -> TokenStream {
        match self.of(op) {
            Some(feature) => quote!(#[cfg(feature = #feature)]),
            None => TokenStream::new(),
        }
    }

    /// `#[cfg(...)]` for an item that the operations with these gates need: nothing when one of
    /// them is ungated (`None`) or there are none, else `any` of their features.
    pub fn cfg_any<'a>(gates: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
        let mut features = std::collections::BTreeSet::new();
        for gate in gates {
            match gate {
                Some(feature) => features.insert(feature),
                None => return TokenStream::new(),
            };
        }
        match features.len() {
            0 => TokenStream::new(),
            1 => {
                let feature = features.into_iter().next();
                quote!(#[cfg(feature = #feature)])
            }
            _ => quote!(#[cfg(any(#(feature = #features),*))]),
        }
    }

    /// The gate of each named type of `api.types` (see the module docs): the gates of the operations
    /// that reach it, for [`FolderFeatures::cfg_any`] (`None`: an ungated one).
    pub fn type_gates(&self, api: &Api) -> Vec<std::collections::BTreeSet<Option<&str>>> {
        // For each type: the gates of the operations that reach it (`None`: an ungated one).
        let mut gates: Vec<std::collections::BTreeSet<Option<&str>>> = vec![Default::default(); api.types.len()];
        for op in &api.operations {
            let gate = self.of(op);
            let mut stack: Vec<&TypeRef> = op.body_types().collect();
            while let Some(ty) = stack.pop() {
                if let TypeRef::Named(i) = ty.leaf() {
                    if let Some(def) = api.types.get(*i) {
                        if gates[*i].insert(gate) {
                            stack.extend(def.member_types());
                        }
                    }
                }
            }
        }
        gates
    }

    /// The `default = [...]` line of the `[features]` table of `Cargo.toml` (empty when there are
    /// no folders).
    pub fn default_line(&self) -> String {
        if self.by_folder.is_empty() {
            return String::new();
        }
        let names: Vec<String> = self.names().iter().map(|n| format!("\"{n}\"")).collect();
        format!("# One feature per top-level folder of the collection, all on: turn off the parts you do not call.\ndefault = [{}]\n", names.join(", "))
    }

    /// One `feature = []` line per folder, each after a comment naming its folder, for the
    /// `[features]` table of `Cargo.toml` (empty when there are no folders).
    pub fn folder_lines(&self) -> String {
        let mut out = String::new();
        for (folder, feature) in self.sorted_by_feature() {
            out.push_str(&format!("# {}\n{feature} = []\n", crate::docs::strip_controls(folder).replace(['\n', '\r'], " ").trim()));
        }
        out
    }

    fn sorted_by_feature(&self) -> Vec<(&str, &str)> {
        let mut pairs: Vec<(&str, &str)> = self.by_folder.iter().map(|(f, n)| (f.as_str(), n.as_str())).collect();
        pairs.sort_unstable_by(|a, b| a.1.cmp(b.1));
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(folders: &[&str]) -> Operation {
        Operation {
            name: "op".into(),
            builder_name: "Op".into(),
            body_arg: None,
            title: "op".into(),
            folders: folders.iter().map(|f| (*f).to_owned()).collect(),
            description: None,
            method: "GET".into(),
            path: Vec::new(),
            params: Vec::new(),
            fixed_headers: Vec::new(),
            body: None,
            auth: crate::ir::AuthScheme::None,
            responses: Vec::new(),
            success_type: None,
            folder: None,
            renamed_from: None,
        }
    }

    fn api(operations: Vec<Operation>) -> Api {
        Api {
            title: "t".into(),
            description: None,
            base_url: None,
            base_url_template: None,
            client_settings: Vec::new(),
            unresolved: Vec::new(),
            environments: Vec::new(),
            credentials: crate::ir::CredentialKinds::default(),
            oauth2: None,
            paging: Vec::new(),
            operations,
            folders: Vec::new(),
            types: Vec::new(),
            type_names: Default::default(),
            operation_names: Default::default(),
        }
    }

    #[test]
    fn names_are_sanitized_unique_and_order_independent() {
        let ops = vec![op(&["Users", "Inner"]), op(&["users"]), op(&["Cloud Recording"]), op(&[]), op(&["default"]), op(&["🎉"]), op(&["type"])];
        let features = FolderFeatures::new(&api(ops.clone()));
        assert_eq!(features.names(), ["cloud_recording", "default_2", "folder", "type", "users", "users_2"]);
        assert_eq!(features.of(&ops[0]), Some("users"));
        assert_eq!(features.of(&ops[1]), Some("users_2"));
        assert_eq!(features.of(&ops[3]), None);
        let mut reversed = ops.clone();
        reversed.reverse();
        reversed.push(op(&["Accounts"]));
        let more = FolderFeatures::new(&api(reversed));
        assert_eq!(more.of(&ops[0]), Some("users"));
        assert_eq!(more.of(&ops[1]), Some("users_2"));
        assert_eq!(more.of(&ops[2]), Some("cloud_recording"));
    }

    #[test]
    fn manifest_lists_every_feature_as_default() {
        let features = FolderFeatures::new(&api(vec![op(&["B\nx"]), op(&["a"]), op(&["blocking"])]));
        assert_eq!(
            features.default_line(),
            "# One feature per top-level folder of the collection, all on: turn off the parts you do not call.\ndefault = [\"a\", \"b_x\", \"blocking_2\"]\n"
        );
        assert_eq!(features.folder_lines(), "# a\na = []\n# B x\nb_x = []\n# blocking\nblocking_2 = []\n");
        let none = FolderFeatures::new(&api(vec![op(&[])]));
        assert_eq!((none.default_line(), none.folder_lines()), (String::new(), String::new()));
    }

    #[test]
    fn items_need_any_of_their_operations_features() {
        let cfg = |gates: &[Option<&str>]| FolderFeatures::cfg_any(gates.iter().copied()).to_string();
        assert_eq!(cfg(&[]), "");
        assert_eq!(cfg(&[Some("b"), None]), "");
        assert_eq!(cfg(&[Some("b"), Some("b")]), quote!(#[cfg(feature = "b")]).to_string());
        assert_eq!(cfg(&[Some("b"), Some("a")]), quote!(#[cfg(any(feature = "a", feature = "b"))]).to_string());
    }
}
