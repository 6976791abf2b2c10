//SSHAUTH  JOB (),'SSHAUTH',MSGCLASS=H,NOTIFY=&SYSUID
//*
//* Lets COZUSER use its own certificates through the key ring MY-RING
//* (for example to export the public key and to log in with it). Run
//* by a security administrator.
//* PERMIT fails if IRR.DIGTCERT.LISTRING is not defined. It is not
//* defined here on purpose: a new discrete profile would take over
//* from a generic IRR.DIGTCERT.* profile for every other user too.
//* IKJEFT01 ends with the return code of the last command only: read
//* SYSTSPRT to see how each command went.
//*
//PERMITS  EXEC PGM=IKJEFT01,REGION=0M
//SYSTSPRT DD SYSOUT=*
//SYSTSIN  DD DATA,DLM=$$
 /* READ: use any key ring the user owns */
 PERMIT IRR.DIGTCERT.LISTRING CLASS(FACILITY) ID(COZUSER) ACCESS(READ)
 SETROPTS RACLIST(FACILITY) REFRESH
$$
