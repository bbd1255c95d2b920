/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n    }\n  }\n": typeof types.LoginDocument,
    "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n": typeof types.UserErrorFieldsFragmentDoc,
    "\n  fragment ScoreImpactFields on ScoreImpact {\n    partnerId\n    designation\n    before\n    after\n    delta\n    meetsBefore\n    meetsAfter\n    metrics {\n      metric\n      before\n      after\n    }\n  }\n": typeof types.ScoreImpactFieldsFragmentDoc,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        occurredAt\n        actor\n        action\n        entityType\n        entityKey\n        partnerId\n        professionalId\n        before\n        after\n        scoreImpact\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query Viewer {\n    viewer {\n      label\n      role\n      partnerId\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query LatestMonth {\n    latestMonth\n  }\n": typeof types.LatestMonthDocument,
    "\n  query NearMisses($asOf: Month!, $designation: DesignationCode!, $minTotal: Float!, $first: Int, $after: String) {\n    capabilityScores(\n      asOf: $asOf\n      designation: $designation\n      first: $first\n      after: $after\n      filter: { meetsRequirements: false, minTotal: $minTotal }\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        total\n        pointsToThreshold\n        partner {\n          partnerId\n          name\n        }\n      }\n    }\n  }\n": typeof types.NearMissesDocument,
    "\n  query ProgramOverview {\n    programSummary {\n      asOf\n      designations {\n        designation\n        partners\n        meetingRequirements\n        nearMiss\n      }\n    }\n  }\n": typeof types.ProgramOverviewDocument,
    "\n  query ProgramBadges {\n    programSummary {\n      microsoftCloudBadges\n    }\n  }\n": typeof types.ProgramBadgesDocument,
    "\n  query ProgramRisk {\n    programSummary {\n      designations {\n        designation\n        atRisk\n      }\n    }\n  }\n": typeof types.ProgramRiskDocument,
    "\n  query PartnerOverview($partnerId: String!, $asOf: Month, $ruleSet: String) {\n    latestMonth\n    ruleSets {\n      code\n      name\n      effectiveFrom\n      effectiveTo\n    }\n    partner(partnerId: $partnerId) {\n      partnerId\n      name\n      country\n      anniversaryDate\n      capabilityScores(asOf: $asOf, ruleSet: $ruleSet) {\n        designationCode\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n        pointsToThreshold\n        track\n      }\n      standing(asOf: $asOf) {\n        asOf\n        microsoftCloudBadge\n        designations {\n          designation\n          attained\n          attainedMonth\n          windowStart\n          windowEnd\n          enrollment\n          enrollmentWindowStart\n          enrollmentWindowEnd\n          enrolledUntil\n          enrollmentDetail\n        }\n        specializations {\n          code\n          name\n          held\n          prerequisiteMet\n          benefitsGranted\n          detail\n        }\n        benefits {\n          code\n          productGroup\n          description\n          quantity\n          unit\n          source\n        }\n      }\n      specializationGrants(activeOnly: false) {\n        code\n        grantedOn\n        expiresOn\n        validation\n        version\n        active\n        specialization {\n          name\n        }\n      }\n    }\n  }\n": typeof types.PartnerOverviewDocument,
    "\n  query PartnerRisk($partnerId: String!) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      standing {\n        asOf\n        designations {\n          designation\n          atRisk\n          firstMonthAtRisk\n        }\n      }\n    }\n  }\n": typeof types.PartnerRiskDocument,
    "\n  query DesignationDetail(\n    $partnerId: String!\n    $designation: DesignationCode!\n    $asOf: Month\n    $ruleSet: String\n    $withForecast: Boolean!\n  ) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      capabilityScore(designation: $designation, asOf: $asOf, ruleSet: $ruleSet) {\n        designationCode\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n        pointsToThreshold\n        track\n        metrics {\n          metric\n          category\n          points\n          maxPoints\n          value\n          target\n          pointsMissing\n          minimumPoints\n          options {\n            option\n            points\n            value\n            target\n            chosen\n          }\n          facts {\n            kind\n            subject\n            outcome\n            detail\n            numbers {\n              name\n              value\n            }\n          }\n        }\n        facts {\n          kind\n          subject\n          outcome\n          detail\n          numbers {\n            name\n            value\n          }\n        }\n      }\n      scoreHistory(designation: $designation, asOf: $asOf, months: 6, ruleSet: $ruleSet) {\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n      }\n      forecast(designation: $designation) @include(if: $withForecast) {\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n        metrics {\n          metric\n          points\n          facts {\n            subject\n            outcome\n            detail\n          }\n        }\n      }\n    }\n  }\n": typeof types.DesignationDetailDocument,
    "\n  query Partners(\n    $first: Int\n    $after: String\n    $filter: PartnerFilterInput\n    $orderBy: PartnerOrderBy!\n    $asOf: Month\n  ) {\n    latestMonth\n    partners(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        partnerId\n        name\n        country\n        anniversaryDate\n        capabilityScores(asOf: $asOf) {\n          designationCode\n          total\n          meetsRequirements\n          pointsToThreshold\n        }\n      }\n    }\n  }\n": typeof types.PartnersDocument,
    "\n  query PartnersExport($after: String, $filter: PartnerFilterInput, $orderBy: PartnerOrderBy!, $asOf: Month) {\n    partners(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        partnerId\n        name\n        country\n        capabilityScores(asOf: $asOf) {\n          designationCode\n          total\n          meetsRequirements\n        }\n      }\n    }\n  }\n": typeof types.PartnersExportDocument,
    "\n  fragment SpecializationImpactFields on SpecializationImpact {\n    code\n    heldBefore\n    heldAfter\n    benefitsBefore\n    benefitsAfter\n    detail\n  }\n": typeof types.SpecializationImpactFieldsFragmentDoc,
    "\n  mutation RecordSpecialization($input: RecordSpecializationInput!) {\n    recordSpecialization(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      standingImpact {\n        ...SpecializationImpactFields\n      }\n    }\n  }\n": typeof types.RecordSpecializationDocument,
    "\n  mutation RenewSpecialization($input: SpecializationEndInput!) {\n    renewSpecialization(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      standingImpact {\n        ...SpecializationImpactFields\n      }\n    }\n  }\n": typeof types.RenewSpecializationDocument,
    "\n  mutation EndSpecialization($input: SpecializationEndInput!) {\n    endSpecialization(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      standingImpact {\n        ...SpecializationImpactFields\n      }\n    }\n  }\n": typeof types.EndSpecializationDocument,
    "\n  query SpecializationProgress($partnerId: String!, $asOf: Month) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      specializationProgress(asOf: $asOf) {\n        code\n        ruleSet\n        met\n        validationRequired\n        customerReferencesRequired\n        validatedBy\n        validUntil\n        requirements {\n          label\n          value\n          target\n          met\n          detail\n          options {\n            label\n            value\n            target\n            met\n            detail\n          }\n        }\n      }\n    }\n  }\n": typeof types.SpecializationProgressDocument,
    "\n  fragment ScoreChangeFields on ScoreChange {\n    kind\n    professionalId\n    certification\n    date\n    expiresOn\n    tenantId\n    associationType\n    workload\n    measure\n    amount\n  }\n": typeof types.ScoreChangeFieldsFragmentDoc,
    "\n  fragment RecommendationFields on Recommendation {\n    changes {\n      ...ScoreChangeFields\n    }\n    pointsGained\n    metric\n    raisesBlockedMetric\n    cost\n    totalAfter\n    meetsAfter\n    detail\n  }\n": typeof types.RecommendationFieldsFragmentDoc,
    "\n  query PartnerRecommendations($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      recommendations(designation: $designation, asOf: $asOf) {\n        ...RecommendationFields\n      }\n      pathToThreshold(designation: $designation, asOf: $asOf) {\n        changes {\n          ...ScoreChangeFields\n        }\n        totalAfter\n        actions {\n          ...RecommendationFields\n        }\n      }\n    }\n  }\n": typeof types.PartnerRecommendationsDocument,
    "\n  query PathShortfall($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      pathToThresholdShortfall(designation: $designation, asOf: $asOf)\n    }\n  }\n": typeof types.PathShortfallDocument,
    "\n  query PartnerProfessionals(\n    $partnerId: String!\n    $activeOnly: Boolean!\n    $first: Int\n    $after: String\n    $asOf: Month\n  ) {\n    latestMonth\n    partner(partnerId: $partnerId) {\n      partnerId\n      name\n      professionals(activeOnly: $activeOnly, first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          id\n          associatedOn\n          removedOn\n          active\n          version\n          professional {\n            id\n            professionalId\n            name\n            email\n            version\n            certifications {\n              code\n              name\n              earnedOn\n              expiresOn\n              retiredOn\n              valid(asOf: $asOf)\n            }\n            countsFor(asOf: $asOf) {\n              designation\n              metrics {\n                metric\n                counts\n                certifications\n                missing\n                steps\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.PartnerProfessionalsDocument,
    "\n  mutation CreateProfessional($input: CreateProfessionalInput!) {\n    createProfessional(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CreateProfessionalDocument,
    "\n  mutation AddCertification($input: AddCertificationInput!) {\n    addCertification(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.AddCertificationDocument,
    "\n  mutation AssociateProfessional($input: AssociateProfessionalInput!) {\n    associateProfessional(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n": typeof types.AssociateProfessionalDocument,
    "\n  mutation EndAssociation($input: EndAssociationInput!) {\n    endAssociation(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n": typeof types.EndAssociationDocument,
    "\n  mutation MoveProfessional($input: MoveProfessionalInput!) {\n    moveProfessional(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n": typeof types.MoveProfessionalDocument,
    "\n  query MovePartners($from: String!, $to: String!) {\n    from: partner(partnerId: $from) {\n      partnerId\n      name\n    }\n    to: partner(partnerId: $to) {\n      partnerId\n      name\n    }\n  }\n": typeof types.MovePartnersDocument,
    "\n  mutation BulkAssociate($input: BulkAssociateInput!) {\n    bulkAssociate(input: $input) {\n      applied\n      dryRun\n      rows {\n        line\n        professionalId\n        action\n        outcome\n        message\n        code\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n": typeof types.BulkAssociateDocument,
    "\n  query SimulateScore($partnerId: String!, $changes: [ScoreChangeInput!]!, $asOf: Month) {\n    simulateScore(partnerId: $partnerId, changes: $changes, asOf: $asOf) {\n      ...ScoreImpactFields\n    }\n  }\n": typeof types.SimulateScoreDocument,
    "\n  query Users($first: Int, $after: String) {\n    users(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        email\n        role\n        partnerId\n        disabled\n        createdAt\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation DisableUser($email: String!) {\n    disableUser(email: $email) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.DisableUserDocument,
    "\n  mutation EnableUser($email: String!) {\n    enableUser(email: $email) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.EnableUserDocument,
    "\n  mutation ResetPassword($email: String!, $password: String!) {\n    resetPassword(email: $email, password: $password) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.ResetPasswordDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    eventKinds\n    partner {\n      partnerId\n      name\n    }\n    minPointsChange\n    paused\n    createdBy\n    createdAt\n    deliveryCounts {\n      pending\n      delivered\n      failed\n    }\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    status\n    attempts\n    nextAttemptAt\n    lastAttemptAt\n    lastStatusCode\n    lastError\n    deliveredAt\n    createdAt\n    event {\n      id\n      kind\n      partner {\n        partnerId\n        name\n      }\n      designation\n      month\n      before {\n        total\n        meetsRequirements\n      }\n      after {\n        total\n        meetsRequirements\n      }\n      pointsChange\n      occurredAt\n    }\n  }\n": typeof types.WebhookDeliveryFieldsFragmentDoc,
    "\n  query Webhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  query WebhookDeliveries($id: ID!, $first: Int, $after: String, $status: WebhookDeliveryStatus) {\n    webhook(id: $id) {\n      id\n      paused\n      deliveryCounts {\n        pending\n        delivered\n        failed\n      }\n      deliveries(first: $first, after: $after, status: $status) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...WebhookDeliveryFields\n        }\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n      secret\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      webhook {\n        id\n        url\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation SendTestWebhookEvent($id: ID!) {\n    sendTestWebhookEvent(id: $id) {\n      delivery {\n        ...WebhookDeliveryFields\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.SendTestWebhookEventDocument,
    "\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) {\n      delivery {\n        ...WebhookDeliveryFields\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.RedeliverWebhookDeliveryDocument,
};
const documents: Documents = {
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n    }\n  }\n": types.LoginDocument,
    "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n": types.UserErrorFieldsFragmentDoc,
    "\n  fragment ScoreImpactFields on ScoreImpact {\n    partnerId\n    designation\n    before\n    after\n    delta\n    meetsBefore\n    meetsAfter\n    metrics {\n      metric\n      before\n      after\n    }\n  }\n": types.ScoreImpactFieldsFragmentDoc,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        occurredAt\n        actor\n        action\n        entityType\n        entityKey\n        partnerId\n        professionalId\n        before\n        after\n        scoreImpact\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query Viewer {\n    viewer {\n      label\n      role\n      partnerId\n    }\n  }\n": types.ViewerDocument,
    "\n  query LatestMonth {\n    latestMonth\n  }\n": types.LatestMonthDocument,
    "\n  query NearMisses($asOf: Month!, $designation: DesignationCode!, $minTotal: Float!, $first: Int, $after: String) {\n    capabilityScores(\n      asOf: $asOf\n      designation: $designation\n      first: $first\n      after: $after\n      filter: { meetsRequirements: false, minTotal: $minTotal }\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        total\n        pointsToThreshold\n        partner {\n          partnerId\n          name\n        }\n      }\n    }\n  }\n": types.NearMissesDocument,
    "\n  query ProgramOverview {\n    programSummary {\n      asOf\n      designations {\n        designation\n        partners\n        meetingRequirements\n        nearMiss\n      }\n    }\n  }\n": types.ProgramOverviewDocument,
    "\n  query ProgramBadges {\n    programSummary {\n      microsoftCloudBadges\n    }\n  }\n": types.ProgramBadgesDocument,
    "\n  query ProgramRisk {\n    programSummary {\n      designations {\n        designation\n        atRisk\n      }\n    }\n  }\n": types.ProgramRiskDocument,
    "\n  query PartnerOverview($partnerId: String!, $asOf: Month, $ruleSet: String) {\n    latestMonth\n    ruleSets {\n      code\n      name\n      effectiveFrom\n      effectiveTo\n    }\n    partner(partnerId: $partnerId) {\n      partnerId\n      name\n      country\n      anniversaryDate\n      capabilityScores(asOf: $asOf, ruleSet: $ruleSet) {\n        designationCode\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n        pointsToThreshold\n        track\n      }\n      standing(asOf: $asOf) {\n        asOf\n        microsoftCloudBadge\n        designations {\n          designation\n          attained\n          attainedMonth\n          windowStart\n          windowEnd\n          enrollment\n          enrollmentWindowStart\n          enrollmentWindowEnd\n          enrolledUntil\n          enrollmentDetail\n        }\n        specializations {\n          code\n          name\n          held\n          prerequisiteMet\n          benefitsGranted\n          detail\n        }\n        benefits {\n          code\n          productGroup\n          description\n          quantity\n          unit\n          source\n        }\n      }\n      specializationGrants(activeOnly: false) {\n        code\n        grantedOn\n        expiresOn\n        validation\n        version\n        active\n        specialization {\n          name\n        }\n      }\n    }\n  }\n": types.PartnerOverviewDocument,
    "\n  query PartnerRisk($partnerId: String!) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      standing {\n        asOf\n        designations {\n          designation\n          atRisk\n          firstMonthAtRisk\n        }\n      }\n    }\n  }\n": types.PartnerRiskDocument,
    "\n  query DesignationDetail(\n    $partnerId: String!\n    $designation: DesignationCode!\n    $asOf: Month\n    $ruleSet: String\n    $withForecast: Boolean!\n  ) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      capabilityScore(designation: $designation, asOf: $asOf, ruleSet: $ruleSet) {\n        designationCode\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n        pointsToThreshold\n        track\n        metrics {\n          metric\n          category\n          points\n          maxPoints\n          value\n          target\n          pointsMissing\n          minimumPoints\n          options {\n            option\n            points\n            value\n            target\n            chosen\n          }\n          facts {\n            kind\n            subject\n            outcome\n            detail\n            numbers {\n              name\n              value\n            }\n          }\n        }\n        facts {\n          kind\n          subject\n          outcome\n          detail\n          numbers {\n            name\n            value\n          }\n        }\n      }\n      scoreHistory(designation: $designation, asOf: $asOf, months: 6, ruleSet: $ruleSet) {\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n      }\n      forecast(designation: $designation) @include(if: $withForecast) {\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n        metrics {\n          metric\n          points\n          facts {\n            subject\n            outcome\n            detail\n          }\n        }\n      }\n    }\n  }\n": types.DesignationDetailDocument,
    "\n  query Partners(\n    $first: Int\n    $after: String\n    $filter: PartnerFilterInput\n    $orderBy: PartnerOrderBy!\n    $asOf: Month\n  ) {\n    latestMonth\n    partners(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        partnerId\n        name\n        country\n        anniversaryDate\n        capabilityScores(asOf: $asOf) {\n          designationCode\n          total\n          meetsRequirements\n          pointsToThreshold\n        }\n      }\n    }\n  }\n": types.PartnersDocument,
    "\n  query PartnersExport($after: String, $filter: PartnerFilterInput, $orderBy: PartnerOrderBy!, $asOf: Month) {\n    partners(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        partnerId\n        name\n        country\n        capabilityScores(asOf: $asOf) {\n          designationCode\n          total\n          meetsRequirements\n        }\n      }\n    }\n  }\n": types.PartnersExportDocument,
    "\n  fragment SpecializationImpactFields on SpecializationImpact {\n    code\n    heldBefore\n    heldAfter\n    benefitsBefore\n    benefitsAfter\n    detail\n  }\n": types.SpecializationImpactFieldsFragmentDoc,
    "\n  mutation RecordSpecialization($input: RecordSpecializationInput!) {\n    recordSpecialization(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      standingImpact {\n        ...SpecializationImpactFields\n      }\n    }\n  }\n": types.RecordSpecializationDocument,
    "\n  mutation RenewSpecialization($input: SpecializationEndInput!) {\n    renewSpecialization(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      standingImpact {\n        ...SpecializationImpactFields\n      }\n    }\n  }\n": types.RenewSpecializationDocument,
    "\n  mutation EndSpecialization($input: SpecializationEndInput!) {\n    endSpecialization(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      standingImpact {\n        ...SpecializationImpactFields\n      }\n    }\n  }\n": types.EndSpecializationDocument,
    "\n  query SpecializationProgress($partnerId: String!, $asOf: Month) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      specializationProgress(asOf: $asOf) {\n        code\n        ruleSet\n        met\n        validationRequired\n        customerReferencesRequired\n        validatedBy\n        validUntil\n        requirements {\n          label\n          value\n          target\n          met\n          detail\n          options {\n            label\n            value\n            target\n            met\n            detail\n          }\n        }\n      }\n    }\n  }\n": types.SpecializationProgressDocument,
    "\n  fragment ScoreChangeFields on ScoreChange {\n    kind\n    professionalId\n    certification\n    date\n    expiresOn\n    tenantId\n    associationType\n    workload\n    measure\n    amount\n  }\n": types.ScoreChangeFieldsFragmentDoc,
    "\n  fragment RecommendationFields on Recommendation {\n    changes {\n      ...ScoreChangeFields\n    }\n    pointsGained\n    metric\n    raisesBlockedMetric\n    cost\n    totalAfter\n    meetsAfter\n    detail\n  }\n": types.RecommendationFieldsFragmentDoc,
    "\n  query PartnerRecommendations($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      recommendations(designation: $designation, asOf: $asOf) {\n        ...RecommendationFields\n      }\n      pathToThreshold(designation: $designation, asOf: $asOf) {\n        changes {\n          ...ScoreChangeFields\n        }\n        totalAfter\n        actions {\n          ...RecommendationFields\n        }\n      }\n    }\n  }\n": types.PartnerRecommendationsDocument,
    "\n  query PathShortfall($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      pathToThresholdShortfall(designation: $designation, asOf: $asOf)\n    }\n  }\n": types.PathShortfallDocument,
    "\n  query PartnerProfessionals(\n    $partnerId: String!\n    $activeOnly: Boolean!\n    $first: Int\n    $after: String\n    $asOf: Month\n  ) {\n    latestMonth\n    partner(partnerId: $partnerId) {\n      partnerId\n      name\n      professionals(activeOnly: $activeOnly, first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          id\n          associatedOn\n          removedOn\n          active\n          version\n          professional {\n            id\n            professionalId\n            name\n            email\n            version\n            certifications {\n              code\n              name\n              earnedOn\n              expiresOn\n              retiredOn\n              valid(asOf: $asOf)\n            }\n            countsFor(asOf: $asOf) {\n              designation\n              metrics {\n                metric\n                counts\n                certifications\n                missing\n                steps\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.PartnerProfessionalsDocument,
    "\n  mutation CreateProfessional($input: CreateProfessionalInput!) {\n    createProfessional(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CreateProfessionalDocument,
    "\n  mutation AddCertification($input: AddCertificationInput!) {\n    addCertification(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.AddCertificationDocument,
    "\n  mutation AssociateProfessional($input: AssociateProfessionalInput!) {\n    associateProfessional(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n": types.AssociateProfessionalDocument,
    "\n  mutation EndAssociation($input: EndAssociationInput!) {\n    endAssociation(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n": types.EndAssociationDocument,
    "\n  mutation MoveProfessional($input: MoveProfessionalInput!) {\n    moveProfessional(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n": types.MoveProfessionalDocument,
    "\n  query MovePartners($from: String!, $to: String!) {\n    from: partner(partnerId: $from) {\n      partnerId\n      name\n    }\n    to: partner(partnerId: $to) {\n      partnerId\n      name\n    }\n  }\n": types.MovePartnersDocument,
    "\n  mutation BulkAssociate($input: BulkAssociateInput!) {\n    bulkAssociate(input: $input) {\n      applied\n      dryRun\n      rows {\n        line\n        professionalId\n        action\n        outcome\n        message\n        code\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n": types.BulkAssociateDocument,
    "\n  query SimulateScore($partnerId: String!, $changes: [ScoreChangeInput!]!, $asOf: Month) {\n    simulateScore(partnerId: $partnerId, changes: $changes, asOf: $asOf) {\n      ...ScoreImpactFields\n    }\n  }\n": types.SimulateScoreDocument,
    "\n  query Users($first: Int, $after: String) {\n    users(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        email\n        role\n        partnerId\n        disabled\n        createdAt\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation DisableUser($email: String!) {\n    disableUser(email: $email) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.DisableUserDocument,
    "\n  mutation EnableUser($email: String!) {\n    enableUser(email: $email) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.EnableUserDocument,
    "\n  mutation ResetPassword($email: String!, $password: String!) {\n    resetPassword(email: $email, password: $password) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.ResetPasswordDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    eventKinds\n    partner {\n      partnerId\n      name\n    }\n    minPointsChange\n    paused\n    createdBy\n    createdAt\n    deliveryCounts {\n      pending\n      delivered\n      failed\n    }\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    status\n    attempts\n    nextAttemptAt\n    lastAttemptAt\n    lastStatusCode\n    lastError\n    deliveredAt\n    createdAt\n    event {\n      id\n      kind\n      partner {\n        partnerId\n        name\n      }\n      designation\n      month\n      before {\n        total\n        meetsRequirements\n      }\n      after {\n        total\n        meetsRequirements\n      }\n      pointsChange\n      occurredAt\n    }\n  }\n": types.WebhookDeliveryFieldsFragmentDoc,
    "\n  query Webhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...WebhookFields\n      }\n    }\n  }\n": types.WebhooksDocument,
    "\n  query WebhookDeliveries($id: ID!, $first: Int, $after: String, $status: WebhookDeliveryStatus) {\n    webhook(id: $id) {\n      id\n      paused\n      deliveryCounts {\n        pending\n        delivered\n        failed\n      }\n      deliveries(first: $first, after: $after, status: $status) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...WebhookDeliveryFields\n        }\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n      secret\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      webhook {\n        id\n        url\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation SendTestWebhookEvent($id: ID!) {\n    sendTestWebhookEvent(id: $id) {\n      delivery {\n        ...WebhookDeliveryFields\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.SendTestWebhookEventDocument,
    "\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) {\n      delivery {\n        ...WebhookDeliveryFields\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.RedeliverWebhookDeliveryDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n"): typeof import('./graphql').UserErrorFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScoreImpactFields on ScoreImpact {\n    partnerId\n    designation\n    before\n    after\n    delta\n    meetsBefore\n    meetsAfter\n    metrics {\n      metric\n      before\n      after\n    }\n  }\n"): typeof import('./graphql').ScoreImpactFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        occurredAt\n        actor\n        action\n        entityType\n        entityKey\n        partnerId\n        professionalId\n        before\n        after\n        scoreImpact\n      }\n    }\n  }\n"): typeof import('./graphql').AuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      label\n      role\n      partnerId\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LatestMonth {\n    latestMonth\n  }\n"): typeof import('./graphql').LatestMonthDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NearMisses($asOf: Month!, $designation: DesignationCode!, $minTotal: Float!, $first: Int, $after: String) {\n    capabilityScores(\n      asOf: $asOf\n      designation: $designation\n      first: $first\n      after: $after\n      filter: { meetsRequirements: false, minTotal: $minTotal }\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        total\n        pointsToThreshold\n        partner {\n          partnerId\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NearMissesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProgramOverview {\n    programSummary {\n      asOf\n      designations {\n        designation\n        partners\n        meetingRequirements\n        nearMiss\n      }\n    }\n  }\n"): typeof import('./graphql').ProgramOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProgramBadges {\n    programSummary {\n      microsoftCloudBadges\n    }\n  }\n"): typeof import('./graphql').ProgramBadgesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProgramRisk {\n    programSummary {\n      designations {\n        designation\n        atRisk\n      }\n    }\n  }\n"): typeof import('./graphql').ProgramRiskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerOverview($partnerId: String!, $asOf: Month, $ruleSet: String) {\n    latestMonth\n    ruleSets {\n      code\n      name\n      effectiveFrom\n      effectiveTo\n    }\n    partner(partnerId: $partnerId) {\n      partnerId\n      name\n      country\n      anniversaryDate\n      capabilityScores(asOf: $asOf, ruleSet: $ruleSet) {\n        designationCode\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n        pointsToThreshold\n        track\n      }\n      standing(asOf: $asOf) {\n        asOf\n        microsoftCloudBadge\n        designations {\n          designation\n          attained\n          attainedMonth\n          windowStart\n          windowEnd\n          enrollment\n          enrollmentWindowStart\n          enrollmentWindowEnd\n          enrolledUntil\n          enrollmentDetail\n        }\n        specializations {\n          code\n          name\n          held\n          prerequisiteMet\n          benefitsGranted\n          detail\n        }\n        benefits {\n          code\n          productGroup\n          description\n          quantity\n          unit\n          source\n        }\n      }\n      specializationGrants(activeOnly: false) {\n        code\n        grantedOn\n        expiresOn\n        validation\n        version\n        active\n        specialization {\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PartnerOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerRisk($partnerId: String!) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      standing {\n        asOf\n        designations {\n          designation\n          atRisk\n          firstMonthAtRisk\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PartnerRiskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DesignationDetail(\n    $partnerId: String!\n    $designation: DesignationCode!\n    $asOf: Month\n    $ruleSet: String\n    $withForecast: Boolean!\n  ) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      capabilityScore(designation: $designation, asOf: $asOf, ruleSet: $ruleSet) {\n        designationCode\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n        pointsToThreshold\n        track\n        metrics {\n          metric\n          category\n          points\n          maxPoints\n          value\n          target\n          pointsMissing\n          minimumPoints\n          options {\n            option\n            points\n            value\n            target\n            chosen\n          }\n          facts {\n            kind\n            subject\n            outcome\n            detail\n            numbers {\n              name\n              value\n            }\n          }\n        }\n        facts {\n          kind\n          subject\n          outcome\n          detail\n          numbers {\n            name\n            value\n          }\n        }\n      }\n      scoreHistory(designation: $designation, asOf: $asOf, months: 6, ruleSet: $ruleSet) {\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n      }\n      forecast(designation: $designation) @include(if: $withForecast) {\n        asOf\n        ruleSet\n        total\n        meetsRequirements\n        metrics {\n          metric\n          points\n          facts {\n            subject\n            outcome\n            detail\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DesignationDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Partners(\n    $first: Int\n    $after: String\n    $filter: PartnerFilterInput\n    $orderBy: PartnerOrderBy!\n    $asOf: Month\n  ) {\n    latestMonth\n    partners(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        partnerId\n        name\n        country\n        anniversaryDate\n        capabilityScores(asOf: $asOf) {\n          designationCode\n          total\n          meetsRequirements\n          pointsToThreshold\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PartnersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnersExport($after: String, $filter: PartnerFilterInput, $orderBy: PartnerOrderBy!, $asOf: Month) {\n    partners(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        partnerId\n        name\n        country\n        capabilityScores(asOf: $asOf) {\n          designationCode\n          total\n          meetsRequirements\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PartnersExportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SpecializationImpactFields on SpecializationImpact {\n    code\n    heldBefore\n    heldAfter\n    benefitsBefore\n    benefitsAfter\n    detail\n  }\n"): typeof import('./graphql').SpecializationImpactFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordSpecialization($input: RecordSpecializationInput!) {\n    recordSpecialization(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      standingImpact {\n        ...SpecializationImpactFields\n      }\n    }\n  }\n"): typeof import('./graphql').RecordSpecializationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenewSpecialization($input: SpecializationEndInput!) {\n    renewSpecialization(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      standingImpact {\n        ...SpecializationImpactFields\n      }\n    }\n  }\n"): typeof import('./graphql').RenewSpecializationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndSpecialization($input: SpecializationEndInput!) {\n    endSpecialization(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      standingImpact {\n        ...SpecializationImpactFields\n      }\n    }\n  }\n"): typeof import('./graphql').EndSpecializationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SpecializationProgress($partnerId: String!, $asOf: Month) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      specializationProgress(asOf: $asOf) {\n        code\n        ruleSet\n        met\n        validationRequired\n        customerReferencesRequired\n        validatedBy\n        validUntil\n        requirements {\n          label\n          value\n          target\n          met\n          detail\n          options {\n            label\n            value\n            target\n            met\n            detail\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SpecializationProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScoreChangeFields on ScoreChange {\n    kind\n    professionalId\n    certification\n    date\n    expiresOn\n    tenantId\n    associationType\n    workload\n    measure\n    amount\n  }\n"): typeof import('./graphql').ScoreChangeFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RecommendationFields on Recommendation {\n    changes {\n      ...ScoreChangeFields\n    }\n    pointsGained\n    metric\n    raisesBlockedMetric\n    cost\n    totalAfter\n    meetsAfter\n    detail\n  }\n"): typeof import('./graphql').RecommendationFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerRecommendations($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      recommendations(designation: $designation, asOf: $asOf) {\n        ...RecommendationFields\n      }\n      pathToThreshold(designation: $designation, asOf: $asOf) {\n        changes {\n          ...ScoreChangeFields\n        }\n        totalAfter\n        actions {\n          ...RecommendationFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PartnerRecommendationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PathShortfall($partnerId: String!, $designation: DesignationCode!, $asOf: Month) {\n    partner(partnerId: $partnerId) {\n      partnerId\n      pathToThresholdShortfall(designation: $designation, asOf: $asOf)\n    }\n  }\n"): typeof import('./graphql').PathShortfallDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerProfessionals(\n    $partnerId: String!\n    $activeOnly: Boolean!\n    $first: Int\n    $after: String\n    $asOf: Month\n  ) {\n    latestMonth\n    partner(partnerId: $partnerId) {\n      partnerId\n      name\n      professionals(activeOnly: $activeOnly, first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          id\n          associatedOn\n          removedOn\n          active\n          version\n          professional {\n            id\n            professionalId\n            name\n            email\n            version\n            certifications {\n              code\n              name\n              earnedOn\n              expiresOn\n              retiredOn\n              valid(asOf: $asOf)\n            }\n            countsFor(asOf: $asOf) {\n              designation\n              metrics {\n                metric\n                counts\n                certifications\n                missing\n                steps\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PartnerProfessionalsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProfessional($input: CreateProfessionalInput!) {\n    createProfessional(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').CreateProfessionalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCertification($input: AddCertificationInput!) {\n    addCertification(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').AddCertificationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssociateProfessional($input: AssociateProfessionalInput!) {\n    associateProfessional(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n"): typeof import('./graphql').AssociateProfessionalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndAssociation($input: EndAssociationInput!) {\n    endAssociation(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n"): typeof import('./graphql').EndAssociationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveProfessional($input: MoveProfessionalInput!) {\n    moveProfessional(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n"): typeof import('./graphql').MoveProfessionalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MovePartners($from: String!, $to: String!) {\n    from: partner(partnerId: $from) {\n      partnerId\n      name\n    }\n    to: partner(partnerId: $to) {\n      partnerId\n      name\n    }\n  }\n"): typeof import('./graphql').MovePartnersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkAssociate($input: BulkAssociateInput!) {\n    bulkAssociate(input: $input) {\n      applied\n      dryRun\n      rows {\n        line\n        professionalId\n        action\n        outcome\n        message\n        code\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n      scoreImpact {\n        ...ScoreImpactFields\n      }\n    }\n  }\n"): typeof import('./graphql').BulkAssociateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SimulateScore($partnerId: String!, $changes: [ScoreChangeInput!]!, $asOf: Month) {\n    simulateScore(partnerId: $partnerId, changes: $changes, asOf: $asOf) {\n      ...ScoreImpactFields\n    }\n  }\n"): typeof import('./graphql').SimulateScoreDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int, $after: String) {\n    users(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        email\n        role\n        partnerId\n        disabled\n        createdAt\n      }\n    }\n  }\n"): typeof import('./graphql').UsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').CreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableUser($email: String!) {\n    disableUser(email: $email) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').DisableUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableUser($email: String!) {\n    enableUser(email: $email) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').EnableUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($email: String!, $password: String!) {\n    resetPassword(email: $email, password: $password) {\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').ResetPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    eventKinds\n    partner {\n      partnerId\n      name\n    }\n    minPointsChange\n    paused\n    createdBy\n    createdAt\n    deliveryCounts {\n      pending\n      delivered\n      failed\n    }\n  }\n"): typeof import('./graphql').WebhookFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookDeliveryFields on WebhookDelivery {\n    id\n    status\n    attempts\n    nextAttemptAt\n    lastAttemptAt\n    lastStatusCode\n    lastError\n    deliveredAt\n    createdAt\n    event {\n      id\n      kind\n      partner {\n        partnerId\n        name\n      }\n      designation\n      month\n      before {\n        total\n        meetsRequirements\n      }\n      after {\n        total\n        meetsRequirements\n      }\n      pointsChange\n      occurredAt\n    }\n  }\n"): typeof import('./graphql').WebhookDeliveryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks($first: Int, $after: String) {\n    webhooks(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...WebhookFields\n      }\n    }\n  }\n"): typeof import('./graphql').WebhooksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($id: ID!, $first: Int, $after: String, $status: WebhookDeliveryStatus) {\n    webhook(id: $id) {\n      id\n      paused\n      deliveryCounts {\n        pending\n        delivered\n        failed\n      }\n      deliveries(first: $first, after: $after, status: $status) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...WebhookDeliveryFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').WebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n      secret\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').CreateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      webhook {\n        ...WebhookFields\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      webhook {\n        id\n        url\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').DeleteWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestWebhookEvent($id: ID!) {\n    sendTestWebhookEvent(id: $id) {\n      delivery {\n        ...WebhookDeliveryFields\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').SendTestWebhookEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) {\n      delivery {\n        ...WebhookDeliveryFields\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): typeof import('./graphql').RedeliverWebhookDeliveryDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
