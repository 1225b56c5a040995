//! Encoding: the entries of a JSON object written in one chain, optional fields left out.


/// A JSON object being encoded, field after field: the emitted `impl Serialize` of a generated
/// struct is one chain, `Entries::new(serializer).entry("id", &self.id)…end()`.
///
/// The first error of the serializer is kept, and the entries after it are not written; [`end`]
/// returns it. One chain of calls, without a `?` per field, is what keeps the impls of a crate with
/// a thousand structs cheap to compile.
///
/// [`end`]: Entries::end
pub struct Entries<S: serde::Serializer> {
    map: Result<S::SerializeMap, S::Error>,
}

impl<S: serde::Serializer> Entries<S> {
    /// Starts the object.
    #[inline]
    pub fn new(serializer: S) -> Self {
        Entries { map: serializer.serialize_map(None) }
    }

    /// Writes `key: value`.
    #[inline]
    #[must_use = "the object is written by `end()`"]
    pub fn entry<T: ?Sized + serde::Serialize>(mut self, key: &'static str, value: &T) -> Self {
        if let Ok(map) = &mut self.map {
            if let Err(error) = serde::ser::SerializeMap::serialize_entry(map, key, value) {
                self.map = Err(error);
            }
        }
        self
    }

    /// Writes `key: value` when `value` is `Some`, and nothing when it is `None` (a field that is
    /// left out of the JSON rather than sent as `null`).
    #[inline]
    #[must_use = "the object is written by `end()`"]
    pub fn entry_if_some<T: serde::Serialize>(self, key: &'static str, value: &Option<T>) -> Self {
        match value {
            Some(value) => self.entry(key, value),
            None => self,
        }
    }

    /// Ends the object.
    ///
    /// # Errors
    ///
    /// The first error of the serializer.
    #[inline]
    pub fn end(self) -> Result<S::Ok, S::Error> {
        serde::ser::SerializeMap::end(self.map?)
    }
}
