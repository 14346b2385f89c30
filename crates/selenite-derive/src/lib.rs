//! Derive macros for Selenite's embedding API, re-exported by the `selenite` crate
//! (feature `derive`, on by default): `#[derive(UserData)]` exposes a struct's public
//! fields to Lua as readable and writable fields.

#![forbid(unsafe_code)]

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr, Path};

/// Implements `selenite::UserData` for a struct with named fields: every `pub` field
/// becomes a Lua field, readable (its type must be `Clone` and `IntoLua`) and
/// writable (its type must be `FromLua`). Attributes:
///
/// - `#[lua(skip)]` on a field: not exposed.
/// - `#[lua(readonly)]` on a field: readable only; assigning it raises
///   `field 'name' of Type is read-only`.
/// - `#[lua(name = "luaName")]` on a field: the name Lua uses.
/// - `#[lua(methods = path::to::function)]` on the struct: a function
///   `fn<M: UserDataMethods<Self>>(&mut M)` that adds methods and metamethods.
///
/// ```
/// use selenite::{Lua, UserData, UserDataMethods};
///
/// #[derive(Clone, UserData)]
/// #[lua(methods = Player::lua_methods)]
/// struct Player {
///     pub name: String,
///     #[lua(readonly)]
///     pub id: u32,
///     #[lua(name = "hp")]
///     pub health: i64,
///     #[lua(skip)]
///     pub secret: String,
///     score: u64,
/// }
///
/// impl Player {
///     fn lua_methods<M: UserDataMethods<Self>>(methods: &mut M) {
///         methods.add_method_mut("hit", |_, p, damage: i64| { p.health -= damage; Ok(p.health) });
///     }
/// }
///
/// let lua = Lua::new();
/// let player = Player { name: "ada".into(), id: 7, health: 10, secret: "x".into(), score: 0 };
/// lua.globals().set("p", player).unwrap();
/// lua.load("p.name = p.name:upper(); p:hit(3)").exec().unwrap();
/// let p: Player = lua.globals().get("p").unwrap();
/// assert_eq!((p.name.as_str(), p.health, p.score), ("ADA", 7, 0));
/// assert_eq!(lua.load("return p.id, p.secret, p.score").eval::<(u32, Option<String>, Option<u64>)>().unwrap(), (7, None, None));
/// let err = lua.load("p.id = 1").exec().unwrap_err();
/// assert_eq!(err.to_string(), "field 'id' of Player is read-only");
/// ```
#[proc_macro_derive(UserData, attributes(lua))]
pub fn derive_user_data(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input).unwrap_or_else(|e| e.to_compile_error()).into()
}

/// What `#[lua(...)]` on one field says.
#[derive(Default)]
struct FieldOptions {
    skip: bool,
    readonly: bool,
    name: Option<String>,
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "#[derive(UserData)] supports structs only"));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new_spanned(input, "#[derive(UserData)] needs a struct with named fields"));
    };
    let methods = struct_methods(input)?;
    let mut registrations = Vec::new();
    for field in &fields.named {
        let options = field_options(field)?;
        if options.skip || !matches!(field.vis, syn::Visibility::Public(_)) {
            continue;
        }
        let Some(ident) = &field.ident else { continue };
        let ty = &field.ty;
        let lua_name = options.name.unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_string());
        // Spanned at the field, so a type that is not `Clone`, `IntoLua` or `FromLua`
        // is reported there.
        registrations.push(quote_spanned! {ty.span()=>
            fields.add_field_method_get(#lua_name, |_, this: &Self| {
                ::std::result::Result::Ok(::std::clone::Clone::clone(&this.#ident))
            });
        });
        if !options.readonly {
            registrations.push(quote_spanned! {ty.span()=>
                fields.add_field_method_set(#lua_name, |_, this: &mut Self, value: #ty| {
                    this.#ident = value;
                    ::std::result::Result::Ok(())
                });
            });
        }
    }
    let methods = methods.map(|path| {
        quote! {
            fn add_methods<M: ::selenite::UserDataMethods<Self>>(methods: &mut M) {
                #path(methods);
            }
        }
    });
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics ::selenite::UserData for #name #ty_generics #where_clause {
            fn add_fields<F: ::selenite::UserDataFields<Self>>(fields: &mut F) {
                #(#registrations)*
                let _ = fields;
            }
            #methods
        }
    })
}

/// The `#[lua(methods = path)]` of the struct, if any.
fn struct_methods(input: &DeriveInput) -> syn::Result<Option<Path>> {
    let mut methods = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("lua")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("methods") {
                methods = Some(meta.value()?.parse::<Path>()?);
                Ok(())
            } else {
                Err(meta.error("expected `methods = path::to::function`"))
            }
        })?;
    }
    Ok(methods)
}

fn field_options(field: &syn::Field) -> syn::Result<FieldOptions> {
    let mut options = FieldOptions::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("lua")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                options.skip = true;
            } else if meta.path.is_ident("readonly") {
                options.readonly = true;
            } else if meta.path.is_ident("name") {
                options.name = Some(meta.value()?.parse::<LitStr>()?.value());
            } else {
                return Err(meta.error("expected `skip`, `readonly` or `name = \"...\"`"));
            }
            Ok(())
        })?;
    }
    Ok(options)
}
