//SSHAUTH  JOB (),'SSHAUTH',MSGCLASS=H,NOTIFY=&SYSUID
//*
//* Lets COZUSER use its own certificates through the key ring My-Ring
//* (for example to export the public key and to log in with it). Run
//* by a security administrator.
//* The RDATALIB class must be active and RACLISTed for the
//* ring-specific profile to count: SETROPTS CLASSACT(RDATALIB)
//* RACLIST(RDATALIB). Where such a profile exists, the FACILITY
//* profile IRR.DIGTCERT.LISTRING is not checked.
//* IKJEFT01 ends with the return code of the last command only: read
//* SYSTSPRT to see how each command went.
//*
//PERMITS  EXEC PGM=IKJEFT01,REGION=0M
//SYSTSPRT DD SYSOUT=*
//SYSTSIN  DD DATA,DLM=$$
 /* Ring-specific access: READ lets the owner use its private key */
 RDEFINE RDATALIB COZUSER.MY-RING.LST UACC(NONE)
 PERMIT COZUSER.MY-RING.LST CLASS(RDATALIB) ID(COZUSER) ACCESS(READ)
 SETROPTS RACLIST(RDATALIB) REFRESH

 /* The key is in ICSF: the signature services it needs */
 PERMIT CSFDSG CLASS(CSFSERV) ID(COZUSER) ACCESS(READ)
 PERMIT CSFDSV CLASS(CSFSERV) ID(COZUSER) ACCESS(READ)
 SETROPTS RACLIST(CSFSERV) REFRESH
 /* If CSFKEYS is active, the key label needs READ there too */
$$
