//! Who may do what, stated once: which roles a class of operation admits ([`Access`]), which partners'
//! data a caller reads and writes ([`Reach`]), and which professionals it may edit. The GraphQL guard
//! (`graphql/policy.rs`), the read scope of every query and the writes in `db/` all ask these.

use super::{Caller, Role};

/// Which callers a class of operation admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (the catalogue, `login`).
    Anyone,
    /// Any signed-in caller; data is limited to the caller's scope.
    SignedIn,
    /// Administrators and analysts (every partner), not partner admins.
    AllPartnersReaders,
    /// Administrators and partner admins (within their partner); never analysts.
    Writers,
    /// Administrators only.
    Admin,
}

/// Whether a caller with `role` (None = anonymous) may do what `access` guards.
pub fn allows(access: Access, role: Option<Role>) -> bool {
    match access {
        Access::Anyone => true,
        Access::SignedIn => role.is_some(),
        Access::AllPartnersReaders => matches!(role, Some(Role::Admin | Role::Analyst)),
        Access::Writers => matches!(role, Some(Role::Admin | Role::PartnerAdmin)),
        Access::Admin => role == Some(Role::Admin),
    }
}

/// The partners whose data a caller reaches, for reading or for writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// No partner.
    Nothing,
    /// One partner, by database id.
    One(i64),
    /// Every partner.
    Every,
}

impl Reach {
    /// Whether the partner with this database id is within reach.
    pub fn includes(self, partner_db_id: i64) -> bool {
        match self {
            Reach::Nothing => false,
            Reach::One(own) => own == partner_db_id,
            Reach::Every => true,
        }
    }
}

impl Caller {
    /// Whether the caller may do what `access` guards.
    pub fn may(&self, access: Access) -> bool {
        allows(access, self.role)
    }

    /// The partners whose data the caller reads: administrators and analysts every one, a partner
    /// admin its own, anonymous callers none.
    pub fn reads(&self) -> Reach {
        match self.role {
            Some(Role::Admin | Role::Analyst) => Reach::Every,
            Some(Role::PartnerAdmin) => self.own_partner(),
            None => Reach::Nothing,
        }
    }

    /// The partners whose data the caller changes: administrators every one, a partner admin its own,
    /// analysts and anonymous callers none.
    pub fn writes(&self) -> Reach {
        match self.role {
            Some(Role::Admin) => Reach::Every,
            Some(Role::PartnerAdmin) => self.own_partner(),
            Some(Role::Analyst) | None => Reach::Nothing,
        }
    }

    /// Whether the caller may read this partner's data.
    pub fn can_read_partner(&self, partner_db_id: i64) -> bool {
        self.reads().includes(partner_db_id)
    }

    /// Whether the caller may change this partner's data.
    pub fn can_write_partner(&self, partner_db_id: i64) -> bool {
        self.writes().includes(partner_db_id)
    }

    /// Whether the caller may edit a professional (name, email, certifications), given the partner of
    /// its open association (`open_with`, a database id) and whether it was ever associated with any
    /// partner: a writer who may write that partner; with no open association, an administrator, or a
    /// partner admin when nobody ever held the professional (for example one it has just created).
    pub fn can_edit_professional(&self, open_with: Option<i64>, ever_associated: bool) -> bool {
        if !self.may(Access::Writers) {
            return false;
        }
        match open_with {
            Some(partner) => self.can_write_partner(partner),
            None => self.writes() == Reach::Every || !ever_associated,
        }
    }

    fn own_partner(&self) -> Reach {
        self.partner
            .as_ref()
            .map_or(Reach::Nothing, |(id, _)| Reach::One(*id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(role: Option<Role>, partner: Option<i64>) -> Caller {
        Caller {
            role,
            user_id: Some(1),
            partner: partner.map(|id| (id, format!("P{id}"))),
            ..Caller::anonymous()
        }
    }

    #[test]
    fn writers_are_administrators_and_partner_admins() {
        let roles = [
            None,
            Some(Role::Admin),
            Some(Role::PartnerAdmin),
            Some(Role::Analyst),
        ];
        let who = |a: Access| roles.iter().map(|r| allows(a, *r)).collect::<Vec<_>>();
        assert_eq!(who(Access::Writers), [false, true, true, false]);
        assert!(with(Some(Role::PartnerAdmin), Some(7)).may(Access::Writers));
        assert!(!with(Some(Role::Analyst), None).may(Access::Writers));
    }

    #[test]
    fn each_role_reaches_its_partners() {
        let pa = with(Some(Role::PartnerAdmin), Some(7));
        assert_eq!((pa.reads(), pa.writes()), (Reach::One(7), Reach::One(7)));
        let analyst = with(Some(Role::Analyst), None);
        assert_eq!(
            (analyst.reads(), analyst.writes()),
            (Reach::Every, Reach::Nothing)
        );
        let admin = with(Some(Role::Admin), None);
        assert_eq!(
            (admin.reads(), admin.writes()),
            (Reach::Every, Reach::Every)
        );
        let nobody = Caller::anonymous();
        assert_eq!(
            (nobody.reads(), nobody.writes()),
            (Reach::Nothing, Reach::Nothing)
        );
        let partnerless = with(Some(Role::PartnerAdmin), None);
        assert_eq!(partnerless.writes(), Reach::Nothing);
    }

    #[test]
    fn a_partner_admin_edits_its_own_professionals_and_those_nobody_ever_held() {
        let pa = with(Some(Role::PartnerAdmin), Some(7));
        assert!(pa.can_edit_professional(Some(7), true));
        assert!(!pa.can_edit_professional(Some(8), true));
        assert!(pa.can_edit_professional(None, false));
        assert!(
            !pa.can_edit_professional(None, true),
            "one that left another partner"
        );
        let admin = with(Some(Role::Admin), None);
        assert!(
            admin.can_edit_professional(Some(8), true) && admin.can_edit_professional(None, true)
        );
        let analyst = with(Some(Role::Analyst), None);
        assert!(!analyst.can_edit_professional(None, false));
    }
}
