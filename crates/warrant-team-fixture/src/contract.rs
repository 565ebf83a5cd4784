//! The contract the team tests sign, review and sync: a churn-risk summary
//! at `suggest` that passes the readiness rules, so every step of the
//! lifecycle is open to it and a test fails only for what it changes.

use warrant_core::model::Contract;

use crate::{BEA, DAN, DEE, EVE};

/// [`CONTRACT`]'s id.
pub const ID: &str = "churn-risk-summary";

/// Owned by Bea, Dan, Dee and Eve, one part each: [`OWNERS`].
pub const CONTRACT: &str = "format: warrant/v1
id: churn-risk-summary
title: Churn-risk summary for CSMs
workflow:
  category: churn_risk_routing
  description: Draft a churn-risk summary when the health model crosses the review threshold.
  decision: The CSM confirms the reason code before the CRM health band changes.
authority: suggest
sources:
  - name: account_health_current
    system: warehouse
    role: source_of_truth
    trust: trusted
    owner: dan@example.com
owners:
  business: bea@example.com
  data: dan@example.com
  destination: dee@example.com
  exception: eve@example.com
destination:
  system: salesforce
  target: Account.Churn_Summary__c
  shows: [reason_code, confidence]
";

/// Who owns each part of a contract, by email.
#[derive(Debug, Clone, Copy)]
pub struct Owners<'a> {
    pub business: &'a str,
    pub data: &'a str,
    pub destination: &'a str,
    pub exception: &'a str,
}

/// [`CONTRACT`]'s owners.
pub const OWNERS: Owners<'static> = Owners {
    business: BEA,
    data: DAN,
    destination: DEE,
    exception: EVE,
};

impl Owners<'_> {
    fn yaml(&self) -> String {
        format!(
            "owners:\n  business: {}\n  data: {}\n  destination: {}\n  exception: {}\n",
            self.business, self.data, self.destination, self.exception
        )
    }
}

/// [`CONTRACT`], parsed.
pub fn contract() -> Contract {
    warrant_core::format::parse_contract("c.yaml", CONTRACT.as_bytes()).unwrap()
}

/// [`CONTRACT`]'s text with other owners; the rest, down to the source's
/// owner, stays as it is.
pub fn owned_by(owners: &Owners) -> String {
    let ours = OWNERS.yaml();
    // Replacing text is only safe while CONTRACT still says what OWNERS
    // does; an edit to one of them alone must fail here, not silently
    // leave a test with the wrong owners.
    assert!(CONTRACT.contains(&ours), "CONTRACT's owners are not OWNERS");
    CONTRACT.replace(&ours, &owners.yaml())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_owners_replace_only_the_owners() {
        assert_eq!(owned_by(&OWNERS), CONTRACT);
        let lee = crate::LEE;
        let text = owned_by(&Owners {
            business: lee,
            data: DAN,
            destination: lee,
            exception: lee,
        });
        let parsed = warrant_core::format::parse_contract("c.yaml", text.as_bytes()).unwrap();
        assert_eq!(parsed.owners.business.as_deref(), Some(lee));
        assert_eq!(parsed.owners.exception.as_deref(), Some(lee));
        assert_eq!(text.lines().count(), CONTRACT.lines().count());
    }
}
