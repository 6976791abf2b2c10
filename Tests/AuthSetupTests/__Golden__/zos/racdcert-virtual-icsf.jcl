//SSHCERT  JOB (ACCT1,DEPT22),'SECURITY ADMIN',CLASS=A,MSGCLASS=X,
//             MSGLEVEL=(1,1),NOTIFY=&SYSUID
//*
//* Creates a self-signed RSA certificate for SSH client
//* authentication, owned by BATCH#1, with the label O'Brien's SSH key.
//* No key ring is created: the certificate is in BATCH#1's virtual key
//* ring, which is named * (for example "* O'Brien's SSH key").
//* Needs RACF authority to create certificates (the IRR.DIGTCERT
//* profiles in the FACILITY class); usually run by a security
//* administrator.
//* IKJEFT01 ends with the return code of the last command only: read
//* SYSTSPRT to see how each command went.
//*
//RACDCERT EXEC PGM=IKJEFT01,REGION=0M
//SYSTSPRT DD SYSOUT=*
//SYSTSIN  DD DATA,DLM=$$
 /* Self-signed certificate for SSH client authentication */
 /* No NOTAFTER: RACF makes it valid for one year */
 /* Key in ICSF: needs ICSF started and CSFKEYS authority, and */
 /* works with Co:Z saf-ssh-agent, not IdentityKeyRingLabel */
 RACDCERT ID(BATCH#1) GENCERT +
     SUBJECTSDN( +
         CN('Batch transfers') +
         T('Robot') +
         OU('Ops') +
         O('Example AG') +
         L('Zurich') +
         SP('ZH') +
         C('CH')) +
     SIZE(4096) +
     WITHLABEL('O''Brien''s SSH key') +
     ICSF

 /* Refresh the in-storage profiles, if the classes are RACLISTed */
 SETROPTS RACLIST(DIGTCERT) REFRESH

 /* Show the result */
 RACDCERT ID(BATCH#1) LIST(LABEL('O''Brien''s SSH key'))
$$
