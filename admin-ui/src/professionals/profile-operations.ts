// A professional's own record: its name and e-mail, the certifications it holds, and the catalogue of
// certifications to add from. (Adding one is `AddCertification` of ./operations.)
import { graphql } from '../gql';

export const UpdateProfessional = graphql(`
  mutation UpdateProfessional($input: UpdateProfessionalInput!) {
    updateProfessional(input: $input) {
      professional {
        professionalId
        name
        email
        version
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const RemoveCertification = graphql(`
  mutation RemoveCertification($input: RemoveCertificationInput!) {
    removeCertification(input: $input) {
      userErrors {
        ...UserErrorFields
      }
      scoreImpact {
        ...ScoreImpactFields
      }
    }
  }
`);

export const CertificationCatalogue = graphql(`
  query CertificationCatalogue {
    certifications {
      code
      name
      level
      retiredOn
    }
  }
`);
