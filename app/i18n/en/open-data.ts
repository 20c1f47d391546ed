// Strings of one feature (namespace "openData"); the same keys as zh/open-data.ts.
export const openData = {
  title: 'Open data',
  lead: 'Every published challenge is open in the Open Contracting Data Standard (OCDS) 1.1, from start to end: the challenge, the award, the contract, its milestones and the reward paid. Download freely; no sign-in needed.',
  standard: 'The OCDS 1.1 documentation',
  valid:
    'Every file is a release package, valid against the OCDS 1.1 release package schema (release-package-schema.json) and release schema (release-schema.json).',
  filesTitle: 'Files',
  file: {
    releases:
      'Every public record: one release package with a release for each published challenge, oldest first.',
    process: 'One challenge: a release package holding that challenge’s release only.',
    example: 'Example',
    stats: 'The programme’s figures (counts, and amounts in fen).',
  },
  idsTitle: 'Identifiers',
  ocid: 'An Open Contracting ID (ocid) is the prefix, a hyphen and the challenge’s code. This platform’s prefix is {{prefix}}, set by the OCDS_PREFIX environment variable when it is deployed; a publisher registers its prefix with the Open Contracting Partnership before publishing for real.',
  partyIds:
    'Enterprises are identified by their unified social credit code (scheme CN-USCC); research teams and the bureau, which have none, by the platform’s own identifier.',
  moneyTitle: 'Amounts',
  money:
    'An amount is an object with an amount and a currency: the amount is a decimal number of yuan, the currency always CNY. The platform keeps its books in integer fen and converts them to yuan digit by digit, without floating point, so every amount matches the records to the fen.',
  fieldsTitle: 'Fields',
  group: {
    package: 'Release package',
    release: 'Release (one per challenge)',
    parties: 'Parties',
    tender: 'Challenge',
    awards: 'Award',
    contracts: 'Contracts',
    milestones: 'Contract milestones',
    transactions: 'Reward paid',
  },
  field: {
    uri: 'The address of this file.',
    version: 'The OCDS version: always 1.1.',
    extensions:
      'The extension used: transaction milestones (transactions_relatedMilestone), so that each payment names the milestone it pays.',
    publisher: 'Who publishes: the bureau’s name and the platform’s address.',
    publicationPolicy: 'The publication policy: this page.',
    publishedDate: 'When the data last changed: the latest date of its releases.',
    releases: 'The releases.',
    ocid: 'The Open Contracting ID: the prefix and the challenge’s code.',
    releaseId:
      'The release’s identifier: the ocid and the release’s date; it changes when the record does.',
    date: 'When the challenge’s latest public event happened: publication, early closing, award, signature, a milestone met, a payment or the end of a contract.',
    tag: 'The stages it holds: tender (the challenge); award and contract once a contract is signed; implementation once a milestone is met or an instalment paid.',
    initiationType: 'Always tender.',
    language:
      'The language of the text: always zh; a field also given in English has a twin ending in _en.',
    buyer: 'The enterprise that posed the challenge.',
    partyId:
      'The party’s identifier: CN-USCC- and the credit code for an enterprise, otherwise the prefix, -org- and the platform’s identifier.',
    partyName: 'The organisation’s name; name_en in English, when there is one.',
    partyIdentifier:
      'An enterprise’s unified social credit code: scheme CN-USCC, id the code, legalName its name.',
    partyRoles:
      'Roles: the enterprise is buyer; the bureau procuringEntity, funder and payer; the research team supplier, and payee once it has been paid.',
    tenderId: 'The challenge’s code, e.g. ZB-2021-001.',
    tenderTitle: 'The challenge’s title; title_en in English, when there is one.',
    tenderDescription: 'The background of the need, as on the challenge’s page.',
    tenderStatus:
      'Status: active while it takes applications or is under review after the deadline; complete once awarded, completed or terminated; unsuccessful when nobody was awarded.',
    tenderValue: 'The bounty in yuan. An open bounty has none.',
    procuringEntity: 'The bureau, which runs the call.',
    procurementMethod: 'Always open: any team, at home or abroad, may apply.',
    mainProcurementCategory: 'Always services (research and development).',
    tenderPeriod:
      'When applications are taken: startDate is the publication; endDate the moment applications close, the midnight after the deadline day (Beijing time), or when the bureau closed them early.',
    items:
      'The technical targets, one item each: id its number, description the target, description_en in English when there is one.',
    awardId: 'The contract’s code and -award: one for each signed contract.',
    awardStatus: 'Always active.',
    awardDate: 'When the award was approved by the second reviewer (four-eyes).',
    awardValue: 'The reward in yuan, as in the contract.',
    suppliers: 'The research team.',
    contractId: 'The contract’s code, e.g. HT-2021-001.',
    awardID: 'The award it comes from (an id in awards).',
    contractStatus:
      'Status: active once signed and while in progress; terminated once accepted or terminated (the contract has ended).',
    dateSigned: 'When it was signed.',
    contractValue: 'The reward in yuan.',
    contractPeriod:
      'The contract’s period: startDate its signature, endDate its acceptance or termination, when there is one.',
    milestoneId: 'The milestone’s number.',
    milestoneTitle: 'The milestone’s title.',
    milestoneType: 'Always delivery.',
    dueDate: 'When it is due.',
    milestoneStatus:
      'Status: met once accepted, notMet when a delivery was rejected, otherwise scheduled.',
    dateMet: 'When the milestone was accepted (met).',
    transactionId:
      'The contract’s code and the milestone’s number. Only instalments paid are listed.',
    transactionDate: 'When it was paid.',
    transactionValue: 'The amount paid in yuan.',
    payer: 'Who paid: the bureau.',
    payee: 'Who was paid: the research team.',
    relatedMilestone: 'The milestone it pays (id and title).',
  },
  withheldTitle: 'What is not published',
  withheldLead: 'None of this is in the open data, as on the public pages:',
  withheld: {
    contacts:
      'Contact people, phone numbers and e-mail addresses, of enterprises, challenges and teams alike.',
    people:
      'Personal data: users’ names and e-mail addresses, team leaders and members. Parties are organisations only.',
    unpublished:
      'Needs never published: drafts, needs awaiting vetting, returned, rejected or withdrawn.',
    applications:
      'Applications, the experts’ reviews and scores, appeals, and awards not yet contracted.',
    delivery: 'What a milestone delivers, the evidence for it and why a delivery was rejected.',
    payments:
      'Bank references and payout accounts, and instalments awaiting approval, failed or reversed.',
    other:
      'Figures OCDS has no field for, such as the R&D investment, are on each contract’s page and in the statistics.',
  },
  progress: {
    title: 'Progress',
    met: 'Milestones met',
    metValue: '{{met}} of {{total}}',
    paidShare: 'Reward paid',
    percent: '{{percent}}%',
    lastMet: 'Latest milestone met',
    lastPaid: 'Latest payment',
    metOn: 'Met',
    paidOn: 'Paid',
    openData: 'Open data (OCDS) of its challenge',
  },
};
