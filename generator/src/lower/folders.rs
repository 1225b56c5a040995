//! Part of lowering: the collection's folders as sub-clients. Each folder that holds requests
//! (directly or below) becomes a small borrowed struct in `crate::folders` with the folder's
//! requests and sub-folders as methods, reached from [`Client`](crate) by a method named after the
//! folder: `client.users().get_user(…)`.
//!
//! Folders are told apart by their place in the collection (their JSON path), not their names, so
//! two sibling folders with one name stay two sub-clients.

use std::collections::BTreeMap;

use crate::ir::{Folder, Operation};
use crate::names::{is_reserved_type, pascal_ident, snake_ident, Scope};

/// Members of a sub-client that an accessor must not take.
const SUB_CLIENT_MEMBERS: &[&str] = &["client", "clone", "fmt", "new"];

/// The folders of `operations` (in the order they first appear), and each operation's own folder.
///
/// `json_paths[i]` is the JSON path of operation `i` (`item[2].item[0]`), whose prefixes name its
/// folders; `operations[i].folders` their titles. `client_methods` are the names the `Client`
/// already uses (its own methods and every operation).
pub fn folders(operations: &[Operation], json_paths: &[&str], client_methods: &[&str]) -> (Vec<Folder>, Vec<Option<usize>>) {
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Folder> = Vec::new();
    let mut owner = Vec::with_capacity(operations.len());
    for (i, (op, json_path)) in operations.iter().zip(json_paths).enumerate() {
        let segments: Vec<&str> = json_path.split('.').collect();
        let mut parent = None;
        for (depth, title) in op.folders.iter().enumerate() {
            // The path of the folder at `depth` is the first `depth + 1` segments of the item's path.
            let key = match segments.get(..=depth) {
                Some(prefix) if segments.len() == op.folders.len() + 1 => prefix.join("."),
                // Not the expected shape: fall back to the titles (folders then merge by name).
                _ => op.folders[..=depth].join("\u{0}"),
            };
            let at = *index.entry(key).or_insert_with(|| {
                out.push(Folder {
                    title: title.clone(),
                    accessor: String::new(),
                    type_name: String::new(),
                    parent,
                    operations: Vec::new(),
                    children: Vec::new(),
                });
                if let Some(p) = parent {
                    let child = out.len() - 1;
                    out[p].children.push(child);
                }
                out.len() - 1
            });
            parent = Some(at);
        }
        if let Some(at) = parent {
            out[at].operations.push(i);
        }
        owner.push(parent);
    }
    name(&mut out, operations, client_methods);
    (out, owner)
}

/// Accessor names, unique among the methods of the parent (`Client` or a sub-client), and type names,
/// unique in `crate::folders`. An accessor whose name an operation of the parent already has gets a
/// `_folder` suffix.
fn name(folders: &mut [Folder], operations: &[Operation], client_methods: &[&str]) {
    let mut types = Scope::default();
    let mut paths: Vec<String> = Vec::with_capacity(folders.len());
    for folder in folders.iter_mut() {
        let own = pascal_ident(&folder.title, "Folder");
        let path = match folder.parent {
            Some(p) => format!("{}{own}", paths[p]),
            None => own,
        };
        // `Self`, `Option`, `Box`… would not compile or would shadow what the module uses.
        let name = if is_reserved_type(&path) { format!("{path}Folder") } else { path.clone() };
        folder.type_name = types.claim(&name, true);
        paths.push(path);
    }
    let top: Vec<usize> = (0..folders.len()).filter(|&i| folders[i].parent.is_none()).collect();
    let mut client_scope = Scope::with_reserved(client_methods.iter().copied());
    claim_accessors(folders, &top, &mut client_scope);
    for i in 0..folders.len() {
        let children = folders[i].children.clone();
        let own_ops = folders[i].operations.iter().map(|&o| operations[o].name.as_str());
        let mut scope = Scope::with_reserved(SUB_CLIENT_MEMBERS.iter().copied().chain(own_ops));
        claim_accessors(folders, &children, &mut scope);
    }
}

fn claim_accessors(folders: &mut [Folder], which: &[usize], scope: &mut Scope) {
    // The parent's own methods, before any folder took a name: a folder named like one of them steps
    // aside with `_folder`; folders named alike are numbered.
    let methods = scope.clone();
    for &i in which {
        let base = snake_ident(&folders[i].title, "folder");
        let base = if methods.is_free(&base) { base } else { format!("{base}_folder") };
        folders[i].accessor = scope.claim(&base, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{AuthScheme, Operation};

    fn op(name: &str, folders: &[&str]) -> Operation {
        Operation {
            name: name.to_owned(),
            builder_name: String::new(),
            body_arg: None,
            title: name.to_owned(),
            folders: folders.iter().map(|f| (*f).to_owned()).collect(),
            description: None,
            method: "GET".to_owned(),
            path: Vec::new(),
            params: Vec::new(),
            fixed_headers: Vec::new(),
            body: None,
            auth: AuthScheme::None,
            responses: Vec::new(),
            success_type: None,
            folder: None,
            renamed_from: None,
        }
    }

    #[test]
    fn tree_names_and_collisions() {
        let ops = vec![
            op("users", &[]),
            op("get_user", &["Users"]),
            op("get_setting", &["Users", "{user Id} settings 🎉"]),
            op("list_groups", &["Groups"]),
            op("other_users", &["Users"]),
            op("builder_op", &["builder"]),
            op("self_op", &["Self"]),
            op("option_op", &["option"]),
        ];
        let paths = ["item[0]", "item[1].item[0]", "item[1].item[1].item[0]", "item[2].item[0]", "item[3].item[0]", "item[4].item[0]", "item[5].item[0]", "item[6].item[0]"];
        let (folders, owner) = folders(&ops, &paths, &["builder", "users", "get_user"]);
        let summary: Vec<(&str, &str, Option<usize>, &[usize])> =
            folders.iter().map(|f| (f.accessor.as_str(), f.type_name.as_str(), f.parent, f.operations.as_slice())).collect();
        assert_eq!(
            summary,
            vec![
                // An operation is named `users`: the folder's accessor steps aside.
                ("users_folder", "Users", None, &[1][..]),
                ("user_id_settings", "UsersUserIdSettings", Some(0), &[2][..]),
                ("groups", "Groups", None, &[3][..]),
                // A second sibling folder with the same name is a folder of its own.
                ("users_folder_2", "Users2", None, &[4][..]),
                ("builder_folder", "Builder", None, &[5][..]),
                // Keywords and prelude names are never type names.
                ("self_", "SelfFolder", None, &[6][..]),
                ("option", "OptionFolder", None, &[7][..]),
            ]
        );
        assert_eq!(owner, vec![None, Some(0), Some(1), Some(2), Some(3), Some(4), Some(5), Some(6)]);
        assert_eq!(folders[0].children, vec![1]);
    }
}
